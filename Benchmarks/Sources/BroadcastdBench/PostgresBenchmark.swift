import DispatchRules
import Foundation
import GatewaySimulator
import Outbox
import OutboxPostgres
import OutboxSQLite
import OutboxTestSupport

/// The PostgreSQL outbox against the SQLite one, in one run on one machine
/// (issue 14's aims): `positions` list positions enqueued, leased and recorded
/// through the seam by one drainer on each backend and by two drainers at once
/// on PostgreSQL; then the real daemon end to end against one nginx sink, on
/// SQLite, on PostgreSQL, and as two instances sharing PostgreSQL, alternated
/// round by round. PostgreSQL is a server of the benchmark's own (initdb into a
/// temporary folder, loopback), durable: every commit flushed, as in production
/// (the tests' server runs without fsync).
public struct PostgresBenchmark: Sendable {
    public var positions: Int
    public var batch: Int
    public var recipients: Int
    public var rounds: Int
    public var concurrency: Int
    public var timeoutSeconds: Int
    /// Runs the outbox drains only, not the daemon rounds: seconds to iterate, not minutes.
    public var skipDaemon: Bool

    public init(positions: Int = 1_000_000, batch: Int = 1000, recipients: Int = 20_000, rounds: Int = 2,
                concurrency: Int = 64, timeoutSeconds: Int = 600, skipDaemon: Bool = false) {
        self.positions = positions
        self.batch = batch
        self.recipients = recipients
        self.rounds = rounds
        self.concurrency = concurrency
        self.timeoutSeconds = timeoutSeconds
        self.skipDaemon = skipDaemon
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var benchmark: PostgresBenchmark
        /// Seconds to enqueue, lease and record every position: SQLite, PostgreSQL, PostgreSQL with two drainers.
        public var drainSQLite: Double = 0
        public var drainPostgres: Double = 0
        public var drainPostgresTwo: Double = 0
        /// Deliveries per second, one entry per round.
        public var daemonSQLite: [Double] = []
        public var daemonPostgres: [Double] = []
        public var daemonPostgresTwo: [Double] = []

        public var description: String {
            let rate = { (seconds: Double) in String(format: "%.1f s (%.0f positions/s)", seconds, Double(benchmark.positions) / seconds) }
            let rates = { (values: [Double]) in values.map { String(format: "%.0f", $0) }.joined(separator: ", ") }
            let median = CeilingBenchmark.Report.median
            let drains = [
                "outbox:    \(benchmark.positions) positions enqueued, leased (batch \(benchmark.batch)) and recorded delivered, through the seam",
                "  sqlite:           \(rate(drainSQLite))",
                "  postgresql:       \(rate(drainPostgres)), \(String(format: "%.2f", drainPostgres / drainSQLite)) × SQLite's time (aim: within 3×)",
                "  postgresql, 2:    \(rate(drainPostgresTwo)), two drainers leasing at once (SKIP LOCKED)",
            ]
            guard !benchmark.skipDaemon else { return drains.joined(separator: "\n") }
            return (drains + [
                "daemon:    \(benchmark.recipients) deliveries per round to one nginx sink, \(benchmark.concurrency) in flight per instance",
                "  sqlite:           \(rates(daemonSQLite)) deliveries/s",
                "  postgresql:       \(rates(daemonPostgres)) deliveries/s, median \(String(format: "%.2f", median(daemonPostgres) / max(1, median(daemonSQLite)))) of SQLite's (aim: at least 0.5)",
                "  postgresql, 2:    \(rates(daemonPostgresTwo)) deliveries/s, two instances sharing the outbox, median \(String(format: "%.2f", median(daemonPostgresTwo) / max(1, median(daemonSQLite)))) of SQLite's",
            ]).joined(separator: "\n")
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    public func run() async throws -> Report {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broadcastd-pgbench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try PostgresTestServer.dedicated(durable: true)
        defer { try? server.stopServer() }
        var report = Report(benchmark: self)

        let list = folder.appendingPathComponent("positions.txt").path
        _ = try EnqueueBenchmark.writePhoneList(count: positions, to: list)
        let sqliteFolder = folder.appendingPathComponent("sqlite").path
        try FileManager.default.createDirectory(atPath: sqliteFolder, withIntermediateDirectories: true)
        report.drainSQLite = try await drain(try SQLiteOutbox(stateDirectory: sqliteFolder, access: .daemon(now: 0)), list: list,
                                             drainers: 1)
        let one = try await PostgresOutbox.open(try server.configuration(database: "drain_one"), access: .daemon(now: 0))
        report.drainPostgres = try await drain(one, list: list, drainers: 1)
        let two = try await PostgresOutbox.open(try server.configuration(database: "drain_two"), access: .daemon(now: 0))
        report.drainPostgresTwo = try await drain(two, list: list, drainers: 2)
        guard !skipDaemon else { return report }

        let sink = try NginxProcess(directory: folder, server: #"location / { return 202 "0: Accepted for delivery"; }"#)
        defer { sink.stop() }
        let gatewayURL = sink.baseURL + "/cgi-bin/sendsms"
        for round in 0..<rounds {
            report.daemonSQLite.append(try await daemonRound(instances: 1, outboxURL: nil, gatewayURL: gatewayURL))
            let one = try server.configuration(database: "daemon_\(round)_one").url
            report.daemonPostgres.append(try await daemonRound(instances: 1, outboxURL: one, gatewayURL: gatewayURL))
            let shared = try server.configuration(database: "daemon_\(round)_two").url
            report.daemonPostgresTwo.append(try await daemonRound(instances: 2, outboxURL: shared, gatewayURL: gatewayURL))
        }
        return report
    }

    /// Enqueues one broadcast over the list, then `drainers` lease and record it to the end at once; seconds taken.
    private func drain(_ outbox: some SchedulingOutbox & DispatchOutbox, list: String, drainers: Int) async throws -> Double {
        let started = ContinuousClock.now
        let key = BroadcastKey(campaign: EnqueueBenchmark.campaign, message: "m0", occurrence: 0, region: "bench",
                               channel: "sms", audience: "list")
        _ = try await outbox.enqueue([NewBroadcast(key: key, destination: EnqueueBenchmark.destination, text: EnqueueBenchmark.text,
                                                   dueAt: 0, recipients: .list(list, count: Int64(positions)))],
                                     closingMissed: [], now: 0)
        let delivered = try await withThrowingTaskGroup(of: Int.self) { group in
            for drainer in 0..<drainers {
                group.addTask { try await Self.drainOne(outbox, owner: "bench-\(drainer)", batch: batch) }
            }
            return try await group.reduce(0, +)
        }
        guard delivered == positions else {
            throw Failure(description: "\(delivered) of \(positions) positions delivered")
        }
        return (ContinuousClock.now - started).inSeconds
    }

    /// As the dispatcher does minus HTTP: each turn records the last batch delivered and leases the next.
    private static func drainOne(_ outbox: some DispatchOutbox, owner: String, batch: Int) async throws -> Int {
        let source = RecipientFileSource()
        var outcomes: [Outcome] = []
        var delivered = 0
        while true {
            let request = LeaseRequest(now: 0, limit: batch, owner: owner, leaseSeconds: 600, destination: EnqueueBenchmark.destination,
                                       campaign: EnqueueBenchmark.campaign, source: source, caps: nil)
            let turn = try await outbox.recordAndLease(outcomes, request)
            if let recorded = turn.recorded {
                guard recorded.refused.isEmpty else { throw Failure(description: "the outbox refused \(recorded.refused.count) outcomes") }
                delivered += recorded.applied
            }
            outcomes = turn.batch.leases.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: 0) }
            if outcomes.isEmpty && turn.batch.skipped == 0 { return delivered }
        }
    }

    /// `instances` real daemons on one outbox; deliveries per second from the first outcome to the last.
    private func daemonRound(instances: Int, outboxURL: String?, gatewayURL: String) async throws -> Double {
        var side = DaemonBenchmark(recipients: recipients, concurrency: concurrency, timeoutSeconds: timeoutSeconds)
        side.outboxURL = outboxURL
        var daemons: [BenchDaemon] = []
        var folders: [URL] = []
        defer {
            for daemon in daemons { daemon.stop() }
            for folder in folders { try? FileManager.default.removeItem(at: folder) }
        }
        for _ in 0..<instances {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broadcastd-pgbench-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            folders.append(folder)
            try side.write(in: folder, gatewayURL: gatewayURL)
            daemons.append(try BenchDaemon(config: folder.appendingPathComponent("broadcastd.conf").path,
                                           pretendNow: DaemonBenchmark.pretendNow, folder: folder))
        }
        let deadline = ContinuousClock.now.advanced(by: .seconds(timeoutSeconds))
        let settled: DaemonBenchmark.Settled
        if let outboxURL {
            let outbox = try await PostgresOutbox.open(try PostgresOutboxConfiguration(url: outboxURL, password: nil), access: .existing)
            settled = try await side.waitUntilSettled(deadline: deadline, daemons: daemons.map(\.pid), every: .milliseconds(50)) {
                try await outbox.broadcastStatuses(.all, limit: 50)
            }
        } else {
            settled = try await side.waitUntilSettled(stateDirectory: folders[0].appendingPathComponent("state").path,
                                                      deadline: deadline, daemon: daemons[0].pid)
        }
        let seconds = (settled.all - settled.first).inSeconds
        return seconds > 0 ? Double(recipients) / seconds : 0
    }
}

import ArgumentParser

extension BenchCommand {
    struct Postgres: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "postgres",
            abstract: "The PostgreSQL outbox against SQLite's: positions enqueued, leased and recorded; the daemon end to end with one and two instances."
        )

        @Option(help: "List positions drained through each outbox.")
        var positions: Int = 1_000_000

        @Option(help: "Deliveries per daemon round.")
        var recipients: Int = 20_000

        @Option(help: "Daemon rounds (SQLite, PostgreSQL, two instances on PostgreSQL, alternated).")
        var rounds: Int = 2

        @Flag(help: "Measure the outbox drains only, without the daemon rounds.")
        var skipDaemon = false

        func validate() throws {
            try requireOption("--positions", positions, in: 1000...100_000_000)
            try requireOption("--recipients", recipients, in: 100...10_000_000)
            try requireOption("--rounds", rounds, in: 1...20)
        }

        func run() async throws {
            print(try await PostgresBenchmark(positions: positions, recipients: recipients, rounds: rounds, skipDaemon: skipDaemon).run())
        }
    }
}
