import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The report listener: a small HTTP/1.1 server on the `reports` address that
/// turns gateways' delivery reports and keyword replies into opt-outs.
///
/// It binds in `bind` (before the daemon says READY, so a taken port stops the
/// start with a clear error) and serves in `run`. Bounded on purpose, since the
/// callers are machines that can misbehave, and a slow or hostile one must not
/// keep the real callbacks out: see `Limits`, `ConnectionSlots` (who is evicted
/// when all connections are taken) and `RequestDeadline` (how long a request may
/// take). Refusals are logged at a bounded rate (`RefusalLimiter`). A graceful
/// shutdown stops accepting and ends the open connections; a gateway whose
/// callback is cut calls again later.
///
/// The metrics listener is the same server with another `Handle` (`MetricsHandler`):
/// one HTTP stack, one set of limits and guards.
public final class ReportService: Service {
    /// The production values are documented in docs/reports.md; tests shorten them.
    public struct Limits: Sendable {
        /// Connections held at once; a new one past this takes the place of the
        /// oldest one that has not completed a request (`ConnectionSlots`).
        public var connections = 64
        /// A request's body (and its URI) at most: 413 above.
        public var requestBytes = 64 * 1024
        /// A request's line and headers together at most: 431 above.
        public var headerBytes = 32 * 1024
        /// Silence allowed before a request and between keep-alive requests.
        public var idleTimeout: TimeAmount = .seconds(10)
        /// From a request's first byte to its last, however the bytes trickle in: 408 after.
        public var requestTimeout: TimeAmount = .seconds(10)
        /// How many refusals are logged one by one, and how often the rest are summed up.
        var refusalLog = RefusalLimiter.Settings()

        public init() {}

        var deadlineRules: RequestDeadline.Rules {
            .init(idleTimeout: idleTimeout, requestTimeout: requestTimeout, headerBytes: headerBytes)
        }
    }

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    /// What answers a request: `ReportHandler.handle` in the daemon.
    public typealias Handle = @Sendable (ReportRequest) async -> ReportHandler.Response

    /// The bound address's port (the configured one, or the one picked for port 0).
    public let port: Int
    private let server: NIOAsyncChannel<Connection, Never>
    /// Swapped by a reload that changes what answers (a new token, new keywords)
    /// while the address stays: the socket is kept, so no report is refused meanwhile.
    private let handle: Mutex<Handle>
    private let limits: Limits
    private let refusals: RefusalLog
    private let unserved: UnservedConnections
    private let logger: Logger
    /// What the log calls it: `report listener`, `metrics listener`.
    private let name: String

    public static func bind(host: String, port: Int, limits: Limits = Limits(), name: String = "report listener",
                            logger: Logger, handle: @escaping Handle) async throws -> ReportService {
        let roster = ConnectionRoster(limit: limits.connections)
        let refusals = RefusalLog(logger: logger, settings: limits.refusalLog)
        let unserved = UnservedConnections()
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = try Self.admit(channel, limits: limits, roster: roster, refusals: refusals)
                    unserved.hold(connection)
                    return connection
                }
            }
        return ReportService(server: server, handle: handle, limits: limits, refusals: refusals, unserved: unserved,
                             name: name, logger: logger)
    }

    /// Takes an accepted connection in, or throws after closing it: NIO then drops
    /// it without ending the accept loop (a failed child initializer is not an error of the server).
    private static func admit(_ channel: any Channel, limits: Limits, roster: ConnectionRoster,
                              refusals: RefusalLog) throws -> Connection {
        let now = NIODeadline.now()
        guard case .admitted(let id, let evicted) = roster.admit(channel, now: now) else {
            refusals.refused(Refusal(kind: "too many connections",
                                     detail: "all \(limits.connections) connections are being answered"))
            channel.close(promise: nil)
            throw ChannelError.ioOnClosedChannel
        }
        if evicted {
            refusals.refused(Refusal(kind: "evicted", detail: "a new connection took the place of the oldest "
                                     + "unfinished one (at most \(limits.connections) at once)"))
        }
        do {
            let guardian = RequestGuard(rules: limits.deadlineRules, id: id, roster: roster, refusals: refusals, now: now)
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(guardian)
            try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
            try pipeline.addHandler(RequestPartsObserver(guardian))
            return try Connection(wrappingChannelSynchronously: channel)
        } catch {
            roster.remove(id)
            channel.close(promise: nil)
            throw error
        }
    }

    private init(server: NIOAsyncChannel<Connection, Never>, handle: @escaping Handle, limits: Limits,
                 refusals: RefusalLog, unserved: UnservedConnections, name: String, logger: Logger) {
        self.server = server
        self.name = name
        self.unserved = unserved
        self.port = server.channel.localAddress?.port ?? 0
        self.handle = Mutex(handle)
        self.limits = limits
        self.refusals = refusals
        self.logger = logger
    }

    public func run() async throws {
        logger.info("\(name) ready", metadata: ["port": "\(port)"])
        try await runUntilGracefulShutdown {
            try await self.serve()
        }
        try? await server.channel.close()
        unserved.finishAll()
        refusals.logSummary(now: .distantFuture)
        logger.info("\(name) stopped")
    }

    /// Answers the next requests with `new`; requests being answered finish with the old one.
    public func replaceHandle(_ new: @escaping Handle) {
        handle.withLock { $0 = new }
    }

    /// Stops listening without a service group (tests that never call `run`).
    public func close() async {
        try? await server.channel.close()
        unserved.finishAll()
    }

    private func serve() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                // Each connection here was admitted by `admit`; evictions close theirs.
                for try await connection in connections {
                    group.addTask { await self.serve(connection) }
                }
            }
        }
    }

    private func serve(_ connection: Connection) async {
        unserved.take(connection)
        do {
            try await connection.executeThenClose { inbound, outbound in
                var reader = RequestReader(maximumBytes: limits.requestBytes)
                for try await part in inbound {
                    switch reader.read(part) {
                    case .incomplete:
                        continue
                    case .tooLarge:
                        refusals.refused(Refusal(kind: "too large", detail: "larger than \(limits.requestBytes) bytes"))
                        try await Self.write(.init(status: 413, body: ReportHandler.statusText(413)), keepAlive: false, to: outbound)
                        return
                    case .complete(let request, let keepAlive):
                        let response = await handle.withLock { $0 }(request)
                        if let refusal = response.refusal { refusals.refused(refusal) }
                        try await Self.write(response, keepAlive: keepAlive, to: outbound)
                        if !keepAlive { return }
                    }
                }
            }
        } catch {
            logger.debug("\(name) connection ended", metadata: ["error": "\(error)"])
        }
    }

    private static func write(_ response: ReportHandler.Response, keepAlive: Bool,
                              to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        let head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: response.status),
                                    headers: HTTPHeaders(response.headers(keepAlive: keepAlive)))
        try await outbound.write(contentsOf: [.head(head), .body(.byteBuffer(ByteBuffer(string: response.body))), .end(nil)])
    }
}

extension ReportHandler.Response {
    func headers(keepAlive: Bool) -> [(String, String)] {
        [("Content-Type", contentType), ("Content-Length", "\(body.utf8.count)"),
         ("Connection", keepAlive ? "keep-alive" : "close")]
    }

    /// The whole answer as bytes on the wire, for `RequestGuard`, which answers below the HTTP encoder.
    var rawHTTP: String {
        let status = HTTPResponseStatus(statusCode: self.status)
        let head = ["HTTP/1.1 \(status.code) \(status.reasonPhrase)"] + headers(keepAlive: false).map { "\($0): \($1)" }
        return head.joined(separator: "\r\n") + "\r\n\r\n" + body
    }
}
