import Delivery
import Foundation
import GatewaySimulator

/// broadcastd end to end against the true ceiling: the real daemon sends a
/// one-message SMS broadcast to `recipients` numbers through a Kannel-speaking
/// nginx sink and records every outcome durably; then a bare `curl_multi`
/// loop GETs the very same URLs from the same sink with the same concurrency.
/// The two alternate, round after round, in one run, so the machine's other
/// load falls on both; the ratio of their rates is the figure.
///
/// The daemon's rate runs from the first outcome the outbox shows to the last,
/// so start-up and enqueue (measured by `enqueue` and `on-time`) stay out of it.
/// Each round also runs `HTTPTransport` alone on the same URLs, which splits
/// the gap into the transport's share and the dispatcher's and outbox's.
public struct CeilingBenchmark: Sendable {
    public var recipients: Int
    public var rounds: Int
    public var concurrency: Int
    public var timeoutSeconds: Int

    public init(recipients: Int = 20_000, rounds: Int = 3, concurrency: Int = 64, timeoutSeconds: Int = 300) {
        self.recipients = recipients
        self.rounds = rounds
        self.concurrency = concurrency
        self.timeoutSeconds = timeoutSeconds
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var benchmark: CeilingBenchmark
        public var daemonRates: [Double] = []
        public var bareRates: [Double] = []
        public var daemonCounts: [StateCountsSummary] = []
        public var bareFailures = 0
        /// `HTTPTransport` alone on the same URLs (`TransportSide`), after each bare round.
        public var transportRates: [Double] = []
        public var transportFailures = 0
        /// CPU microseconds per send of this process while the bare loop, then the transport alone, ran.
        public var bareCPUMicroseconds: [Double] = []
        public var transportCPUMicroseconds: [Double] = []
        /// The daemon's CPU microseconds per delivery, from its first outcome to its last (all its threads).
        public var daemonCPUMicroseconds: [Double] = []

        public var ratios: [Double] { Self.ratios(daemonRates, to: bareRates) }
        public var transportRatios: [Double] { Self.ratios(transportRates, to: bareRates) }

        static func ratios(_ rates: [Double], to baseline: [Double]) -> [Double] {
            zip(rates, baseline).map { $1 > 0 ? $0 / $1 : 0 }
        }

        public var description: String {
            let format = { (value: Double) in String(format: "%.0f", value) }
            let formatRatios = { (values: [Double]) in
                values.map { String(format: "%.2f", $0) }.joined(separator: ", ") + " (median \(String(format: "%.2f", Self.median(values))))"
            }
            var lines = [
                "sink:      nginx on 127.0.0.1 (one process), `return 202`, no access log",
                "rounds:    \(benchmark.rounds) × (daemon, bare curl_multi, HTTPTransport alone), \(benchmark.recipients) sends each side, \(benchmark.concurrency) in flight",
                "daemon:    \(daemonRates.map(format).joined(separator: ", ")) deliveries/s, every outcome recorded",
                "bare:      \(bareRates.map(format).joined(separator: ", ")) transfers/s\(bareFailures > 0 ? ", \(bareFailures) failed" : "")",
                "transport: \(transportRates.map(format).joined(separator: ", ")) transfers/s (HTTPTransport alone)\(transportFailures > 0 ? ", \(transportFailures) failed" : "")",
                "cpu:       daemon \(daemonCPUMicroseconds.map(format).joined(separator: ", ")), bare \(bareCPUMicroseconds.map(format).joined(separator: ", ")), transport alone \(transportCPUMicroseconds.map(format).joined(separator: ", ")) µs/send",
                "ratio:     \(formatRatios(ratios)) of bare libcurl",
                "transport: \(formatRatios(transportRatios)) of bare libcurl (HTTPTransport alone)",
            ]
            if daemonCounts.contains(where: { $0.delivered != benchmark.recipients }) {
                lines.append("warning:   not every round delivered everything: \(daemonCounts)")
            }
            return lines.joined(separator: "\n")
        }

        static func median(_ values: [Double]) -> Double {
            guard !values.isEmpty else { return 0 }
            let sorted = values.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
    }

    /// What a daemon round recorded, for the report.
    public struct StateCountsSummary: Sendable, CustomStringConvertible {
        public var delivered: Int
        public var failed: Int
        public var description: String { "\(delivered) delivered, \(failed) not" }
    }

    public func run() async throws -> Report {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broadcastd-nginx-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Kannel's answer, from memory: the fastest sink there is, so a client's rate against it is the client's own.
        let sink = try NginxProcess(directory: folder, server: #"location / { return 202 "0: Accepted for delivery"; }"#)
        defer { sink.stop() }
        let gatewayURL = sink.baseURL + "/cgi-bin/sendsms"
        let daemonSide = DaemonBenchmark(recipients: recipients, concurrency: concurrency, timeoutSeconds: timeoutSeconds)
        let urls = try (0..<recipients).map { try daemonSide.url(gatewayURL: gatewayURL, recipient: DaemonBenchmark.number($0)) }
        var report = Report(benchmark: self)
        for _ in 0..<rounds {
            let (rate, cpu, summary) = try await Self.daemonRound(daemonSide, gatewayURL: gatewayURL)
            report.daemonRates.append(rate)
            if let cpu { report.daemonCPUMicroseconds.append(cpu) }
            report.daemonCounts.append(summary)
            let cpuBefore = TransportSide.processCPUSeconds()
            let bare = BareCurlMulti(concurrency: concurrency).run(urls: urls)
            report.bareCPUMicroseconds.append((TransportSide.processCPUSeconds() - cpuBefore) / Double(recipients) * 1e6)
            report.bareRates.append(bare.rate)
            report.bareFailures += bare.failed
            let alone = await TransportSide(concurrency: concurrency).run(urls: urls)
            report.transportRates.append(alone.rate)
            report.transportFailures += alone.failed
            report.transportCPUMicroseconds.append(alone.cpuSeconds / Double(recipients) * 1e6)
        }
        return report
    }

    /// One broadcast by a fresh daemon on a fresh outbox: its deliveries per second, and its CPU µs per delivery meanwhile.
    static func daemonRound(_ side: DaemonBenchmark, gatewayURL: String) async throws -> (Double, Double?, StateCountsSummary) {
        let (recipients, timeoutSeconds) = (side.recipients, side.timeoutSeconds)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broadcastd-ceiling-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try side.write(in: folder, gatewayURL: gatewayURL)
        let daemon = try BenchDaemon(config: folder.appendingPathComponent("broadcastd.conf").path,
                                     pretendNow: DaemonBenchmark.pretendNow, folder: folder)
        defer { daemon.stop() }
        let settled = try await side.waitUntilSettled(stateDirectory: folder.appendingPathComponent("state").path,
                                                      deadline: .now.advanced(by: .seconds(timeoutSeconds)), daemon: daemon.pid)
        let seconds = (settled.all - settled.first).inSeconds
        let summary = StateCountsSummary(delivered: Int(settled.counts.delivered),
                                         failed: recipients - Int(settled.counts.delivered))
        return (seconds > 0 ? Double(recipients) / seconds : 0, settled.cpuSeconds.map { $0 / Double(recipients) * 1e6 }, summary)
    }
}
