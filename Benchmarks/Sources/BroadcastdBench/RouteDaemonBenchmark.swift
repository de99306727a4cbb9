import ArgumentParser
import Foundation
import GatewaySimulator

/// What routing costs end to end: the real daemon sends the same broadcast to
/// one nginx sink naming its gateway, then through a carrier route (two
/// gateways on the same sink), alternated round by round in one run; each
/// side's deliveries per second and CPU per delivery, and their ratio.
public struct RouteDaemonBenchmark: Sendable {
    public var recipients: Int
    public var rounds: Int
    public var concurrency: Int

    public init(recipients: Int = 20_000, rounds: Int = 3, concurrency: Int = 64) {
        self.recipients = recipients
        self.rounds = rounds
        self.concurrency = concurrency
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var benchmark: RouteDaemonBenchmark
        public var gatewayRates: [Double] = []
        public var routeRates: [Double] = []
        public var gatewayCPU: [Double] = []
        public var routeCPU: [Double] = []

        public var description: String {
            let list = { (values: [Double]) in values.map { String(format: "%.0f", $0) }.joined(separator: ", ") }
            let median = CeilingBenchmark.Report.median
            return [
                "sink:      nginx on 127.0.0.1, `return 202`; \(benchmark.rounds) rounds × (gateway, route), \(benchmark.recipients) deliveries each",
                "gateway:   \(list(gatewayRates)) deliveries/s, \(list(gatewayCPU)) µs CPU per delivery",
                "route:     \(list(routeRates)) deliveries/s, \(list(routeCPU)) µs CPU per delivery",
                "ratio:     route ÷ gateway rate, median \(String(format: "%.2f", median(routeRates) / max(1, median(gatewayRates)))); "
                    + "CPU per delivery, median \(String(format: "%.2f", median(routeCPU) / max(1, median(gatewayCPU))))",
            ].joined(separator: "\n")
        }
    }

    public func run() async throws -> Report {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broadcastd-route-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sink = try NginxProcess(directory: folder, server: #"location / { return 202 "0: Accepted for delivery"; }"#)
        defer { sink.stop() }
        let gatewayURL = sink.baseURL + "/cgi-bin/sendsms"
        var report = Report(benchmark: self)
        for _ in 0..<rounds {
            for routed in [false, true] {
                var side = DaemonBenchmark(recipients: recipients, concurrency: concurrency)
                side.routed = routed
                let (rate, cpu, summary) = try await CeilingBenchmark.daemonRound(side, gatewayURL: gatewayURL)
                guard summary.delivered == recipients else {
                    throw DaemonBenchmark.Failure(description: "\(routed ? "route" : "gateway") round: \(summary)")
                }
                if routed {
                    report.routeRates.append(rate)
                    report.routeCPU.append(cpu ?? 0)
                } else {
                    report.gatewayRates.append(rate)
                    report.gatewayCPU.append(cpu ?? 0)
                }
            }
        }
        return report
    }
}

extension BenchCommand {
    struct RouteDaemon: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "route-daemon",
            abstract: "The daemon end to end through a carrier route against the same daemon naming its gateway, alternated."
        )

        @Option(help: "Deliveries per round.")
        var recipients: Int = 20_000

        @Option(help: "Rounds (gateway, then route, each).")
        var rounds: Int = 3

        func validate() throws {
            try requireOption("--recipients", recipients, in: 100...10_000_000)
            try requireOption("--rounds", rounds, in: 1...20)
        }

        func run() async throws {
            print(try await RouteDaemonBenchmark(recipients: recipients, rounds: rounds).run())
        }
    }
}
