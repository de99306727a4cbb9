import Delivery
import Foundation
import GatewaySimulator

/// Transfers per second through `HTTPTransport` to the loopback simulator,
/// next to `wrk` against the same sink in the same run, as a ratio: how much of
/// a native load generator's rate this layer reaches.
///
/// The two alternate in short rounds, so a change in the machine's other load
/// hits both sides alike. Loopback only; `rounds × roundSeconds` per side.
public struct TransportBenchmark: Sendable {
    public var rounds: Int
    public var roundSeconds: Int
    /// Transfers in flight at once, and wrk's connection count.
    public var inFlight: Int
    /// Event-loop threads of the sink; both clients share the machine with them.
    public var sinkThreads: Int
    public var wrkPath: String

    public init(rounds: Int = 3, roundSeconds: Int = 1, inFlight: Int = 64, sinkThreads: Int = 2, wrkPath: String = "/usr/bin/wrk") {
        self.rounds = rounds
        self.roundSeconds = roundSeconds
        self.inFlight = inFlight
        self.sinkThreads = sinkThreads
        self.wrkPath = wrkPath
    }

    static let body = #"{"msgtype":"text","text":{"content":"春风行动 benchmark"}}"#

    public struct Report: Sendable, CustomStringConvertible {
        public var benchmark: TransportBenchmark
        public var seconds: Double = 0
        public var transfers = 0
        public var failures = 0
        public var connectionsOpened = 0
        /// wrk's requests per second in each round.
        public var wrkRates: [Double] = []
        /// Why wrk gave no figure, if it did not.
        public var wrkProblem: String?

        /// Transfers per second through HTTPTransport.
        public var transportRate: Double { seconds > 0 ? Double(transfers) / seconds : 0 }
        public var wrkRate: Double? { wrkRates.isEmpty ? nil : wrkRates.reduce(0, +) / Double(wrkRates.count) }
        public var ratio: Double? { wrkRate.map { transportRate / $0 } }

        public var description: String {
            var lines = [
                "sink:      GatewaySimulator on 127.0.0.1, \(benchmark.sinkThreads) event-loop thread(s), counting only",
                "rounds:    \(benchmark.rounds) × \(benchmark.roundSeconds) s each side, \(benchmark.inFlight) in flight",
                "transport: \(transfers) POSTs over \(connectionsOpened) connections, \(failures) failed",
                "transport: \(Self.format(transportRate)) transfers/s",
            ]
            if let wrkRate {
                lines.append("wrk:       \(Self.format(wrkRate)) requests/s (rounds: \(wrkRates.map(Self.format).joined(separator: ", ")))")
            }
            if let wrkProblem { lines.append("wrk:       \(wrkProblem)") }
            if let ratio { lines.append("ratio:     \(String(format: "%.2f", ratio)) of wrk") }
            return lines.joined(separator: "\n")
        }

        private static func format(_ value: Double) -> String { String(format: "%.0f", value) }
    }

    public func run() async throws -> Report {
        let simulator = try await GatewaySimulator.start(recordsRequests: false, threads: sinkThreads)
        let url = simulator.url("/cgi-bin/webhook/send")
        let transport = HTTPTransport(configuration: .init(maxConnections: inFlight, defaultTimeout: .seconds(10)))
        var report = Report(benchmark: self)
        for _ in 0..<rounds {
            await measureTransport(transport, url: url, into: &report)
            switch measureWrk(url: url) {
            case .success(let rate): report.wrkRates.append(rate)
            case .failure(let problem): report.wrkProblem = problem.description
            }
        }
        report.connectionsOpened = transport.statistics.connectionsOpened
        await transport.shutdown()
        await simulator.shutdown()
        return report
    }

    private func measureTransport(_ transport: HTTPTransport, url: String, into report: inout Report) async {
        let request = HTTPRequest(
            method: .post, url: url,
            headers: [(name: "Content-Type", value: "application/json")],
            body: Array(Self.body.utf8)
        )
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started.advanced(by: .seconds(roundSeconds))
        let (transfers, failures) = await withTaskGroup(of: (Int, Int).self) { group in
            for _ in 0..<inFlight {
                group.addTask {
                    var done = 0, failed = 0
                    while clock.now < deadline {
                        do {
                            _ = try await transport.send(request)
                            done += 1
                        } catch {
                            failed += 1
                        }
                    }
                    return (done, failed)
                }
            }
            return await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        }
        let elapsed = (clock.now - started).components
        report.seconds += Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        report.transfers += transfers
        report.failures += failures
    }

    /// wrk making the same POST through a small Lua script.
    private func measureWrk(url: String) -> Result<Double, WrkRun.Problem> {
        let lua = """
            wrk.method = "POST"
            wrk.body = '\(Self.body)'
            wrk.headers["Content-Type"] = "application/json"
            """
        return WrkRun(wrkPath: wrkPath, connections: inFlight, threads: 2, seconds: roundSeconds)
            .requestsPerSecond(url: url, luaScript: lua)
    }
}
