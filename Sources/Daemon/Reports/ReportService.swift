import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// The report listener: a small HTTP/1.1 server on the `reports` address that
/// turns gateways' delivery reports and keyword replies into opt-outs.
///
/// It binds in `bind` (before the daemon says READY, so a taken port stops the
/// start with a clear error) and serves in `run`. Bounded on purpose, since the
/// callers are machines that can misbehave: at most `limits.connections` at
/// once (the rest are closed at once), requests of at most `limits.requestBytes`,
/// and a connection idle for `limits.idleTimeout` is closed. A graceful shutdown
/// stops accepting and ends the open connections; a gateway whose callback is
/// cut calls again later.
public final class ReportService: Service {
    public struct Limits: Sendable {
        public var connections = 64
        public var requestBytes = 64 * 1024
        public var idleTimeout: TimeAmount = .seconds(10)

        public init() {}
    }

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    /// What answers a request: `ReportHandler.handle` in the daemon.
    public typealias Handle = @Sendable (ReportRequest) async -> ReportHandler.Response

    /// The bound address's port (the configured one, or the one picked for port 0).
    public let port: Int
    private let server: NIOAsyncChannel<Connection, Never>
    private let handle: Handle
    private let limits: Limits
    private let active = ConnectionCount()
    private let logger: Logger

    public static func bind(host: String, port: Int, limits: Limits = Limits(), logger: Logger,
                            handle: @escaping Handle) async throws -> ReportService {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(allTimeout: limits.idleTimeout))
                    try channel.pipeline.syncOperations.addHandler(IdleConnectionCloser())
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        return ReportService(server: server, handle: handle, limits: limits, logger: logger)
    }

    private init(server: NIOAsyncChannel<Connection, Never>, handle: @escaping Handle, limits: Limits, logger: Logger) {
        self.server = server
        self.port = server.channel.localAddress?.port ?? 0
        self.handle = handle
        self.limits = limits
        self.logger = logger
    }

    public func run() async throws {
        logger.info("report listener ready", metadata: ["port": "\(port)"])
        try await runUntilGracefulShutdown {
            try await self.serve()
        }
        try? await server.channel.close()
        logger.info("report listener stopped")
    }

    /// Stops listening without a service group (tests that never call `run`).
    public func close() async {
        try? await server.channel.close()
    }

    private func serve() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    guard active.enter(limit: limits.connections) else {
                        logger.warning("too many report connections; closing one", metadata: ["limit": "\(limits.connections)"])
                        try? await connection.channel.close()
                        continue
                    }
                    group.addTask {
                        defer { self.active.leave() }
                        await self.serve(connection)
                    }
                }
            }
        }
    }

    private func serve(_ connection: Connection) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var reader = RequestReader(maximumBytes: limits.requestBytes)
                for try await part in inbound {
                    switch reader.read(part) {
                    case .incomplete:
                        continue
                    case .tooLarge:
                        logger.notice("refused a report callback", metadata: ["why": "larger than \(limits.requestBytes) bytes"])
                        try await Self.write(.init(status: 413, body: ReportHandler.statusText(413)), keepAlive: false, to: outbound)
                        return
                    case .complete(let request, let keepAlive):
                        let response = await handle(request)
                        try await Self.write(response, keepAlive: keepAlive, to: outbound)
                        if !keepAlive { return }
                    }
                }
            }
        } catch {
            logger.debug("report connection ended", metadata: ["error": "\(error)"])
        }
    }

    private static func write(_ response: ReportHandler.Response, keepAlive: Bool,
                              to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        let body = ByteBuffer(string: response.body)
        var headers = HTTPHeaders([("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "\(body.readableBytes)")])
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: response.status), headers: headers)
        try await outbound.write(contentsOf: [.head(head), .body(.byteBuffer(body)), .end(nil)])
    }
}

/// Open report connections, counted across the accept loop and the connection tasks.
final class ConnectionCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func enter(limit: Int) -> Bool {
        lock.withLock {
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func leave() { lock.withLock { count -= 1 } }
}

/// Closes a connection when `IdleStateHandler` says it has been quiet too long.
final class IdleConnectionCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
