import Delivery
import Foundation
import GatewaySimulator

/// Transfers per second through `HTTPTransport` to the loopback simulator,
/// next to `wrk` against the same sink in the same run, as a ratio: how much of
/// a native load generator's rate this layer reaches. Loopback only, and each
/// phase lasts `duration`.
public struct TransportBenchmark: Sendable {
    public var duration: Duration
    /// Transfers in flight at once, and wrk's connection count.
    public var inFlight: Int
    /// Event-loop threads of the sink; both clients share the machine with them.
    public var sinkThreads: Int
    public var wrkPath: String

    public init(duration: Duration = .seconds(3), inFlight: Int = 64, sinkThreads: Int = 2, wrkPath: String = "/usr/bin/wrk") {
        self.duration = duration
        self.inFlight = inFlight
        self.sinkThreads = sinkThreads
        self.wrkPath = wrkPath
    }

    static let body = #"{"msgtype":"text","text":{"content":"春风行动 benchmark"}}"#

    public struct Report: Sendable, CustomStringConvertible {
        public var seconds: Double
        public var inFlight: Int
        public var sinkThreads: Int
        public var transfers: Int
        public var failures: Int
        public var connectionsOpened: Int
        /// Transfers per second through HTTPTransport.
        public var transportRate: Double
        /// wrk's requests per second, or why there is none.
        public var wrk: Result<Double, BenchmarkError>

        public var ratio: Double? { (try? wrk.get()).map { transportRate / $0 } }

        public var description: String {
            var lines = [
                "sink:      GatewaySimulator on 127.0.0.1, \(sinkThreads) event-loop thread(s), counting only",
                "transport: \(transfers) POSTs in \(format(seconds)) s with \(inFlight) in flight over \(connectionsOpened) connections, \(failures) failed",
                "transport: \(format(transportRate)) transfers/s",
            ]
            switch wrk {
            case .success(let rate): lines.append("wrk:       \(format(rate)) requests/s")
            case .failure(let error): lines.append("wrk:       not measured (\(error))")
            }
            if let ratio { lines.append("ratio:     \(String(format: "%.2f", ratio)) of wrk") }
            return lines.joined(separator: "\n")
        }

        private func format(_ value: Double) -> String { String(format: "%.0f", value) }
    }

    public struct BenchmarkError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public func run() async throws -> Report {
        let simulator = try await GatewaySimulator.start(recordsRequests: false, threads: sinkThreads)
        let url = simulator.url("/cgi-bin/webhook/send")
        let transportReport = await measureTransport(url: url)
        let wrkRate = measureWrk(url: url)
        await simulator.shutdown()
        var report = transportReport
        report.wrk = wrkRate
        return report
    }

    private func measureTransport(url: String) async -> Report {
        let transport = HTTPTransport(configuration: .init(maxConnections: inFlight, defaultTimeout: .seconds(10)))
        let request = HTTPRequest(
            method: .post, url: url,
            headers: [(name: "Content-Type", value: "application/json")],
            body: Array(Self.body.utf8)
        )
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started.advanced(by: duration)
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
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let connections = transport.statistics.connectionsOpened
        await transport.shutdown()
        return Report(
            seconds: seconds, inFlight: inFlight, sinkThreads: sinkThreads, transfers: transfers, failures: failures,
            connectionsOpened: connections, transportRate: Double(transfers) / seconds,
            wrk: .failure(BenchmarkError(description: "not run"))
        )
    }

    /// Runs wrk with a small Lua script making the same POST, and reads its "Requests/sec" line.
    private func measureWrk(url: String) -> Result<Double, BenchmarkError> {
        guard FileManager.default.isExecutableFile(atPath: wrkPath) else {
            return .failure(BenchmarkError(description: "\(wrkPath) not found; apt-get install wrk"))
        }
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("broadcastd-bench-\(UUID().uuidString).lua")
        defer { try? FileManager.default.removeItem(at: script) }
        let lua = """
            wrk.method = "POST"
            wrk.body = '\(Self.body)'
            wrk.headers["Content-Type"] = "application/json"
            """
        do {
            try lua.write(to: script, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: wrkPath)
            let seconds = max(1, Int(duration.components.seconds))
            process.arguments = ["-t", "2", "-c", String(inFlight), "-d", "\(seconds)s", "-s", script.path, url]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Requests/sec:") }),
                  let rate = Double(line.dropFirst("Requests/sec:".count).trimmingCharacters(in: .whitespaces))
            else {
                return .failure(BenchmarkError(description: "no Requests/sec in wrk's output: \(text.prefix(200))"))
            }
            return .success(rate)
        } catch {
            return .failure(BenchmarkError(description: "could not run wrk: \(error)"))
        }
    }
}
