@testable import Daemon
import Foundation
import Logging

/// The daemon's report listener (its real HTTP server) answering every callback
/// the way Jasmin wants to hear it, `ACK/Jasmin`, and keeping each request for the
/// test, in order, as events to await.
final class CallbackRecorder: Sendable {
    let service: ReportService
    private let requests: AsyncStream<ReportRequest>
    private let serving: Task<Void, Never>

    init() async throws {
        let (requests, received) = AsyncStream.makeStream(of: ReportRequest.self)
        self.requests = requests
        let logger = Logger(label: "jasmin-callbacks") { _ in SwiftLogNoOpLogHandler() }
        let service = try await ReportService.bind(host: "127.0.0.1", port: 0, logger: logger) { request in
            received.yield(request)
            return .init(status: 200, body: "ACK/Jasmin")
        }
        self.service = service
        serving = Task { try? await service.run() }
    }

    var baseURL: String { "http://127.0.0.1:\(service.port)" }

    /// The next callback, or nil after `timeout`.
    func next(timeout: Duration) async -> ReportRequest? {
        await requests.next(within: timeout)
    }

    func close() async {
        await service.close()
        serving.cancel()
    }
}
