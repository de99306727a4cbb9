import NIOCore
import NIOHTTP1
import NIOPosix

/// A scriptable HTTP peer on loopback that plays SMS gateways and webhook
/// sinks: by default it answers each dialect's path with that dialect's success
/// (Kannel's `/cgi-bin/sendsms` 202 `0: Accepted for delivery`, Jasmin's `/send`
/// `Success "<id>"`, `/feishu/…` and `/slack/…` their bots' answers, any other
/// POST `{"errcode":0,"errmsg":"ok"}`); tests queue faults per path.
public final class GatewaySimulator: Sendable {
    public let host: String
    public let port: Int
    public let log: RequestLog
    private let script: ResponseScript
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// Binds `host:port` (port 0 picks a free one). With `recordsRequests` false
    /// requests are only counted, which keeps a benchmark's memory flat. With
    /// `stopAfter`, the simulator answers that many requests and then goes down
    /// (see `StopAfter`), calling `onStop` as it does.
    public static func start(
        host: String = "127.0.0.1",
        port: Int = 0,
        recordsRequests: Bool = true,
        threads: Int = 1,
        stopAfter answers: Int? = nil,
        onStop: @escaping @Sendable () -> Void = {}
    ) async throws -> GatewaySimulator {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let log = RequestLog()
        let script = ResponseScript()
        let stop = answers.map { StopAfter(answers: $0, onStop: onStop) }
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                log.recordConnection()
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        SimulatorHandler(log: log, script: script, recordsRequests: recordsRequests, stop: stop)
                    )
                }
            }
        do {
            let channel = try await bootstrap.bind(host: host, port: port).get()
            stop?.listen(on: channel)
            return GatewaySimulator(host: host, port: channel.localAddress?.port ?? port, log: log, script: script, group: group, channel: channel)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private init(host: String, port: Int, log: RequestLog, script: ResponseScript, group: MultiThreadedEventLoopGroup, channel: any Channel) {
        self.host = host
        self.port = port
        self.log = log
        self.script = script
        self.group = group
        self.channel = channel
    }

    /// `http://host:port` followed by `pathAndQuery`.
    public func url(_ pathAndQuery: String) -> String {
        "http://\(host):\(port)\(pathAndQuery)"
    }

    /// The next requests to `path` (query ignored) get these answers, in order, before the default resumes.
    public func script(_ responses: [SimulatedResponse], for path: String) {
        script.enqueue(responses, for: path)
    }

    /// Stops listening and closes every connection, hung ones included.
    public func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}
