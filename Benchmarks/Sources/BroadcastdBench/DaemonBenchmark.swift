import Delivery
import Foundation
import GatewaySimulator
import Outbox
import OutboxSQLite

/// End-to-end deliveries per second: the real `broadcastd` sends a one-message
/// SMS broadcast to `recipients` synthetic numbers through a Kannel-speaking
/// loopback sink, until the outbox has recorded every outcome; then `wrk` GETs
/// the same URL shape from the same sink in the same run, as the baseline.
public struct DaemonBenchmark: Sendable {
    public var recipients: Int
    /// wrk's duration; nil: as long as the daemon's run took (at least a second).
    public var wrkSeconds: Int?
    /// Transfers the daemon keeps in flight, and wrk's connection count.
    public var concurrency: Int
    public var sinkThreads: Int
    public var wrkPath: String
    /// Bound on the daemon's whole broadcast.
    public var timeoutSeconds: Int
    /// A `postgresql://` outbox the daemon (or several) shares; nil: SQLite in `state/`.
    public var outboxURL: String? = nil
    /// Send through a route (by carrier, a second gateway as fallback, both the same sink)
    /// instead of naming the gateway: what routing costs end to end.
    public var routed = false

    public init(recipients: Int = 20_000, wrkSeconds: Int? = nil, concurrency: Int = 64, sinkThreads: Int = 2,
                wrkPath: String = "/usr/bin/wrk", timeoutSeconds: Int = 300) {
        self.recipients = recipients
        self.wrkSeconds = wrkSeconds
        self.concurrency = concurrency
        self.sinkThreads = sinkThreads
        self.wrkPath = wrkPath
        self.timeoutSeconds = timeoutSeconds
    }

    static let occurrence = "2021-03-01T10:00:00+08:00"
    /// Two seconds before the occurrence: the daemon starts, enqueues, then sends on time.
    static let pretendNow = "2021-03-01T09:59:58+08:00"
    static let signature = "【演练】"
    static let text = "反诈演练：公检法机关不会通过电话要求转账，接到96110来电请务必接听。"
    static let password = "bench-password"

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    public func run() async throws -> Report {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broadcastd-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await GatewaySimulator.with(recordsRequests: false, threads: sinkThreads) { simulator in
            try await measure(in: folder, simulator: simulator)
        }
    }

    private func measure(in folder: URL, simulator: GatewaySimulator) async throws -> Report {
        let gatewayURL = simulator.url("/cgi-bin/sendsms")
        try write(in: folder, gatewayURL: gatewayURL)
        var report = Report(benchmark: self)

        let daemon = try BenchDaemon(config: folder.appendingPathComponent("broadcastd.conf").path,
                                     pretendNow: Self.pretendNow, folder: folder)
        let clock = ContinuousClock()
        let bound = Duration.seconds(timeoutSeconds)
        do {
            guard await simulator.log.waitForRequests(1, timeout: bound) != nil else {
                throw Failure(description: "no request reached the sink in \(timeoutSeconds) s; broadcastd's log ends:\n\(daemon.logTail())")
            }
            let first = clock.now
            let startUsage = try? ProcessUsage.sample(pid: daemon.pid)
            guard await simulator.log.waitForRequests(recipients, timeout: bound) != nil else {
                throw Failure(description: "\(simulator.log.requestCount) of \(recipients) requests in \(timeoutSeconds) s; log ends:\n\(daemon.logTail())")
            }
            report.sinkSeconds = (clock.now - first).inSeconds
            report.counts = try await waitUntilSettled(stateDirectory: folder.appendingPathComponent("state").path,
                                                       deadline: first.advanced(by: bound), every: .milliseconds(20)).counts
            report.recordedSeconds = (clock.now - first).inSeconds
            if let startUsage, let endUsage = try? ProcessUsage.sample(pid: daemon.pid) {
                report.daemonCPUSeconds = endUsage.cpuSeconds - startUsage.cpuSeconds
                report.daemonPeakResidentBytes = endUsage.peakResidentBytes
            }
        } catch {
            daemon.stop()
            throw error
        }
        report.exitStatus = daemon.stop()
        report.requests = simulator.log.requestCount
        report.connections = simulator.log.connectionCount

        let wrk = WrkRun(wrkPath: wrkPath, connections: concurrency, threads: 2,
                         seconds: wrkSeconds ?? max(1, Int(report.recordedSeconds.rounded())))
        report.wrkSeconds = wrk.seconds
        switch wrk.requestsPerSecond(url: try wrkURL(gatewayURL: gatewayURL)) {
        case .success(let rate): report.wrkRate = rate
        case .failure(let problem): report.wrkProblem = problem.description
        }
        return report
    }

    /// When the outbox first showed an outcome and when it showed them all.
    struct Settled {
        var first: ContinuousClock.Instant
        var all: ContinuousClock.Instant
        var counts: StateCounts
        /// CPU seconds the daemon spent from the first outcome to the last, when its pid was given.
        var cpuSeconds: Double?
    }

    /// Reads the outbox (as `broadcastctl status` does) until every delivery has an outcome.
    /// The outbox is the daemon's file and tells no other process when it changes, so
    /// this polls it; `every` (10 ms) is small next to a broadcast of seconds.
    func waitUntilSettled(stateDirectory: String, deadline: ContinuousClock.Instant, daemon pid: Int32? = nil,
                          every interval: Duration = .milliseconds(10)) async throws -> Settled {
        var outbox: OutboxConnection?
        return try await waitUntilSettled(deadline: deadline, daemons: pid.map { [$0] } ?? [], every: interval) {
            // The daemon creates the outbox after it starts; until then there is nothing to read.
            if outbox == nil { outbox = try? OutboxConnection(stateDirectory: stateDirectory, create: false) }
            return try outbox?.broadcastStatuses() ?? []
        }
    }

    /// The same through any outbox: `statuses` reads every broadcast's counts.
    func waitUntilSettled(deadline: ContinuousClock.Instant, daemons pids: [Int32], every interval: Duration = .milliseconds(10),
                          statuses: () async throws -> [BroadcastStatus]) async throws -> Settled {
        var first: ContinuousClock.Instant?
        var cpuAtFirst: Double?
        let cpu = { () -> Double? in
            pids.isEmpty ? nil : pids.reduce(0.0) { $0 + ((try? ProcessUsage.sample(pid: $1).cpuSeconds) ?? 0) }
        }
        while true {
            var counts = StateCounts()
            for status in try await statuses() {
                for state in DeliveryState.allCases { counts[state] += status.counts[state] }
            }
            let settled = counts.delivered + counts.dead + counts.skipped + counts.cancelled
            let now = ContinuousClock.now
            if settled > 0, first == nil { (first, cpuAtFirst) = (now, cpu()) }
            if settled >= Int64(recipients) {
                var spent: Double?
                if let cpuAtFirst, let cpuAtLast = cpu() { spent = cpuAtLast - cpuAtFirst }
                return Settled(first: first ?? now, all: now, counts: counts, cpuSeconds: spent)
            }
            guard now < deadline else {
                throw Failure(description: "the outbox never recorded every outcome: \(counts)")
            }
            try await Task.sleep(for: interval)
        }
    }

    /// The daemon's folder: config, schedule and recipient list; `state/` is made by the daemon.
    func write(in folder: URL, gatewayURL: String) throws {
        let numbers = (0..<recipients).map(Self.number)
        try ("# synthetic benchmark numbers\n" + numbers.joined(separator: "\n") + "\n")
            .write(to: folder.appendingPathComponent("recipients.txt"), atomically: true, encoding: .utf8)
        try schedule.write(to: folder.appendingPathComponent("bench.schedule"), atomically: true, encoding: .utf8)
        try config(gatewayURL: gatewayURL)
            .write(to: folder.appendingPathComponent("broadcastd.conf"), atomically: true, encoding: .utf8)
    }

    static func number(_ index: Int) -> String { String(format: "+86170%08d", index) }

    var schedule: String {
        """
        campaign bench 投递基准
            starts      2021-03-01
            lasts       2 days
            timezone    Asia/Shanghai
            sms-gateway \(routed ? "bench-route" : "sim")
            signature   \(Self.signature)

        region bench 基准区
            sms recipients.txt

        message broadcast
            at   2021-03-01 10:00
            to   bench
            via  sms
            text \(Self.text)

        """
    }

    func config(gatewayURL: String) -> String {
        """
        schedule        bench.schedule
        state           state
        \(outboxURL.map { "outbox          " + $0 } ?? "")
        catch-up        1h
        shutdown-grace  10s

        """ + gateway("sim", url: gatewayURL) + (routed ? routeLines(gatewayURL: gatewayURL) : "")
    }

    /// One Kannel gateway on the sink, fast enough never to be the limit.
    private func gateway(_ name: String, url: String) -> String {
        """
        gateway \(name)
            kind        kannel
            url         \(url)
            username    broadcastd
            password    \(Self.password)
            from        96110
            rate        100000/s burst 1000
            concurrency \(concurrency)
            timeout     10s

        """
    }

    /// A carrier route as the shipped example has one, over `sim` and a fallback on the same sink.
    private func routeLines(gatewayURL: String) -> String {
        gateway("sim-fallback", url: gatewayURL) + """
        route bench-route
            carrier  china-mobile   sim then sim-fallback
            carrier  china-unicom   sim then sim-fallback
            carrier  china-telecom  sim then sim-fallback
            other                   sim then sim-fallback

        """
    }

    /// The URL the daemon GETs for the first recipient: wrk's target.
    func wrkURL(gatewayURL: String) throws -> String {
        try url(gatewayURL: gatewayURL, recipient: Self.number(0))
    }

    /// The URL the daemon GETs for `recipient`, built by the same Kannel dialect.
    func url(gatewayURL: String, recipient: String) throws -> String {
        let kannel = Kannel(url: gatewayURL, username: "broadcastd", password: Self.password, from: "96110")
        let message = OutgoingMessage(
            deliveryID: "bench", campaignName: "bench", campaignTitle: "投递基准", messageName: "broadcast",
            occurrence: 0, utcOffset: 8 * 3600, regionPath: "bench", regionName: "基准区", channel: "sms",
            text: Self.signature + Self.text, recipient: recipient
        )
        return try kannel.request(for: message, now: 0).url
    }
}

extension Duration {
    var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
