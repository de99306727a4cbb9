import Foundation
import GatewaySimulator

/// On-time start: the real `broadcastd` runs a schedule of `occurrences` one-off
/// messages, each to a one-number SMS list, due in `minutes` consecutive minutes;
/// a recording loopback Kannel sink notes when each one's request arrives. The
/// delay is that arrival minus the due time mapped to wall time through the
/// daemon's own pretend offset (its "pretending the time" log line), so what is
/// measured is the dispatch, not the process's start-up, which is printed apart.
///
/// The sink is the Swift simulator in recording mode (the aim's measure), or
/// nginx noting each request's `$msec` in its access log: a native sink that
/// takes a fraction of the simulator's CPU on the same two cores, to tell how
/// much of the spread is the sink's (`--sink nginx`).
public struct OnTimeBenchmark: Sendable {
    public enum Sink: String, Sendable, CaseIterable {
        case simulator, nginx
    }

    public var occurrences: Int
    /// Distinct due minutes the occurrences are shared over, from 10:00 on.
    public var minutes: Int
    /// Seconds of pretend time between the daemon's start and the first due minute.
    public var leadSeconds: Int
    public var sink: Sink

    public init(occurrences: Int = 10_000, minutes: Int = 2, leadSeconds: Int = 10, sink: Sink = .simulator) {
        precondition(occurrences >= 1 && (1...10).contains(minutes) && leadSeconds >= 1)
        self.occurrences = occurrences
        self.minutes = minutes
        self.leadSeconds = leadSeconds
        self.sink = sink
    }

    /// 10:00 on the campaign's first day, Asia/Shanghai, seconds since 1970.
    static let firstDue: Double = 1_614_564_000

    public struct Report: Sendable, CustomStringConvertible {
        public var benchmark: OnTimeBenchmark
        /// Delay of each occurrence's first request after its due time, seconds, sorted.
        public var delays: [Double]
        /// The same delays per due minute, each sorted: the first minute's burst
        /// shares the outbox with the enqueue of the next one (a lead ahead), the last's does not.
        public var delaysByMinute: [[Double]]
        /// From just before the spawn to the moment the daemon's pretend clock was set.
        public var startUp: Double

        public func percentile(_ fraction: Double) -> Double {
            Self.percentile(fraction, of: delays)
        }

        static func percentile(_ fraction: Double, of sorted: [Double]) -> Double {
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
        }

        public var description: String {
            [
                "schedule:  \(benchmark.occurrences) occurrences (one-number SMS lists) due over \(benchmark.minutes) minute(s), daemon started \(benchmark.leadSeconds) s ahead",
                "sink:      \(benchmark.sink == .simulator ? "Swift simulator, recording" : "nginx, access log with $msec (millisecond arrivals)")",
                "measured:  \(delays.count) first sends",
                String(format: "delay:     p50 %.3f s   p99 %.3f s   max %.3f s   min %.3f s",
                       percentile(0.5), percentile(0.99), delays.last ?? 0, delays.first ?? 0),
                "by minute: " + delaysByMinute.enumerated().map { minute, delays in
                    String(format: "10:%02d p50 %.3f s p99 %.3f s", minute, Self.percentile(0.5, of: delays),
                           Self.percentile(0.99, of: delays))
                }.joined(separator: "   "),
                String(format: "start-up:  %.3f s before the daemon's clock ran (not counted above)", startUp),
            ].joined(separator: "\n")
        }
    }

    public func run() async throws -> Report {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broadcastd-ontime-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        switch sink {
        case .simulator:
            return try await GatewaySimulator.with(recordsRequests: true, threads: 1) { simulator in
                try await measure(in: folder, gatewayURL: simulator.url("/cgi-bin/sendsms")) { timeout in
                    guard let requests = await simulator.log.waitForRequests(occurrences, timeout: timeout) else {
                        throw DaemonBenchmark.Failure(description: "\(simulator.log.requestCount) of \(occurrences) requests in time")
                    }
                    return requests.map { ($0.uri, $0.receivedAt) }
                }
            }
        case .nginx:
            let log = folder.appendingPathComponent("arrivals.log")
            let sink = try NginxProcess(directory: folder, http: "log_format arrivals '$msec $request_uri';", server: """
                access_log \(log.path) arrivals;
                location / { return 202 "0: Accepted for delivery"; }
                """)
            defer { sink.stop() }
            return try await measure(in: folder, gatewayURL: sink.baseURL + "/cgi-bin/sendsms") { timeout in
                try await Self.arrivals(in: log, count: occurrences, timeout: timeout)
            }
        }
    }

    /// Each request's URI and arrival as the sink saw it, once `occurrences` have come.
    private func measure(in folder: URL, gatewayURL: String,
                         arrivals: (Duration) async throws -> [(uri: String, at: Double)]) async throws -> Report {
        try write(in: folder, gatewayURL: gatewayURL)
        let pretendStart = Self.firstDue - Double(leadSeconds)
        let wallStart = Date().timeIntervalSince1970
        let daemon = try BenchDaemon(config: folder.appendingPathComponent("broadcastd.conf").path,
                                     pretendNow: Self.iso8601(pretendStart), folder: folder)
        guard let offset = Self.pretendOffset(inLog: daemon.logTail(20_000)) else {
            daemon.stop()
            throw DaemonBenchmark.Failure(description: "no \"pretending the time\" line with an offset; log ends:\n\(daemon.logTail())")
        }
        let requests: [(uri: String, at: Double)]
        do {
            requests = try await arrivals(.seconds(leadSeconds + 60 * minutes + 60))
            daemon.stop()
        } catch let failure as DaemonBenchmark.Failure {
            daemon.stop()
            throw DaemonBenchmark.Failure(description: "\(failure.description); log ends:\n\(daemon.logTail())")
        }
        var firstArrival: [Int: Double] = [:]
        for request in requests {
            guard let index = Self.occurrenceIndex(in: request.uri) else { continue }
            firstArrival[index] = min(firstArrival[index] ?? .infinity, request.at)
        }
        // The daemon's clock reads wall + offset, so a due time d is wall d - offset for it.
        var byMinute = Array(repeating: [Double](), count: minutes)
        for (index, arrival) in firstArrival { byMinute[index % minutes].append(arrival - (dueTime(of: index) - offset)) }
        return Report(benchmark: self, delays: byMinute.joined().sorted(), delaysByMinute: byMinute.map { $0.sorted() },
                      startUp: (pretendStart - offset) - wallStart)
    }

    /// nginx's access log lines (`$msec $request_uri`), read once `count` are there.
    /// Only what was appended is read at each look (every tenth of a second, which
    /// delays the report, not the arrivals): reading the whole log each time cost
    /// the bench seconds of CPU beside the daemon it measures.
    static func arrivals(in log: URL, count: Int, timeout: Duration) async throws -> [(uri: String, at: Double)] {
        let deadline = ContinuousClock.now + timeout
        while !FileManager.default.fileExists(atPath: log.path) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let file = try FileHandle(forReadingFrom: log)
        defer { try? file.close() }
        var text = Data()
        var lines = 0
        while true {
            let added = try file.readToEnd() ?? Data()
            text.append(added)
            lines += added.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            if lines >= count || ContinuousClock.now >= deadline {
                let parsed = String(decoding: text, as: UTF8.self).split(separator: "\n").compactMap(arrival(inLogLine:))
                guard parsed.count >= count else {
                    throw DaemonBenchmark.Failure(description: "\(parsed.count) of \(count) requests in time")
                }
                return parsed
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    static func arrival(inLogLine line: Substring) -> (uri: String, at: Double)? {
        let fields = line.split(separator: " ", maxSplits: 1)
        guard fields.count == 2, let at = Double(fields[0]) else { return nil }
        return (String(fields[1]), at)
    }

    /// The `offset=` of the daemon's "pretending the time" line: its pretend clock minus the wall clock.
    static func pretendOffset(inLog log: String) -> Double? {
        guard let line = log.split(separator: "\n").first(where: { $0.contains("pretending the time") }),
              let field = line.split(separator: " ").first(where: { $0.hasPrefix("offset=") }) else { return nil }
        return Double(field.dropFirst("offset=".count))
    }

    func dueTime(of index: Int) -> Double { Self.firstDue + Double(60 * (index % minutes)) }

    static func iso8601(_ seconds: Double) -> String {
        Date(timeIntervalSince1970: seconds).formatted(.iso8601)
    }

    /// The occurrence a Kannel request is for: the number after `occurrence` in its text.
    static func occurrenceIndex(in uri: String) -> Int? {
        let decoded = uri.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? uri
        guard let marker = decoded.range(of: "occurrence ") else { return nil }
        return Int(decoded[marker.upperBound...].prefix { $0.isNumber })
    }

    func write(in folder: URL, gatewayURL: String) throws {
        try "+8617000000000\n".write(to: folder.appendingPathComponent("one.txt"), atomically: true, encoding: .utf8)
        try schedule.write(to: folder.appendingPathComponent("ontime.schedule"), atomically: true, encoding: .utf8)
        try """
            schedule        ontime.schedule
            state           state
            catch-up        1h
            shutdown-grace  2s

            gateway sim
                kind        kannel
                url         \(gatewayURL)
                username    broadcastd
                password    bench-password
                from        96110
                rate        100000/s burst 1000
                concurrency 64
                timeout     10s

            """.write(to: folder.appendingPathComponent("broadcastd.conf"), atomically: true, encoding: .utf8)
    }

    var schedule: String {
        var text = """
            campaign ontime 准时基准
                starts      2021-03-01
                lasts       2 days
                timezone    Asia/Shanghai
                sms-gateway sim

            region bench 基准区
                sms one.txt

            """
        for index in 0..<occurrences {
            text += """

                message m\(index)
                    at   2021-03-01 10:\(String(format: "%02d", index % minutes))
                    to   bench
                    via  sms
                    text occurrence \(index) 反诈提醒

                """
        }
        return text
    }
}
