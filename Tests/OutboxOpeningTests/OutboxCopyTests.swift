import DaemonConfig
import Foundation
import Outbox
import OutboxOpening
import OutboxSQLite
import OutboxTestSupport
import Testing

/// `broadcastctl outbox copy`'s work: a SQLite outbox with a row in every table
/// moved into a real PostgreSQL the tests start, then read back through the
/// seam; and the refusals that keep a copy from mixing or racing a daemon.
@Suite(.serialized)
struct OutboxCopyTests {
    static let now: Int64 = Overlap.launch
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("copy-\(UUID().uuidString.prefix(8))").path

    static func target(_ tag: String) throws -> PostgreSQLLocation {
        let settings = try PostgresTestServer.shared().configuration(database: tag)
        return PostgreSQLLocation(user: settings.user, host: settings.host, port: settings.port, databaseName: settings.database,
                                  tls: .disable)
    }

    /// Every table of the SQLite outbox given rows through the seam, as a daemon and an operator would.
    /// Returns the outbox and how many leases it left held.
    static func filledOutbox(in folder: String) async throws -> (outbox: SQLiteOutbox, held: Int) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let outbox = try SQLiteOutbox(stateDirectory: folder, access: .daemon(now: now))
        try await outbox.recordDaemonStart(pid: 4242, now: now)
        let overlap = Overlap.standard
        _ = try await outbox.enqueue(overlap.broadcasts(), now: now)
        let inline = NewBroadcast(key: BroadcastKey(campaign: Overlap.campaign, message: "tip", occurrence: Overlap.launch,
                                                    region: "jiangxi", channel: "sms", audience: "inline"),
                                  destination: "kannel", text: "tip", dueAt: now, recipients: .inline(["+8613800000001", "+8613800000002"]))
        _ = try await outbox.enqueue([inline], now: now)
        let caps = CapPolicy(limits: ["sms": .init(perDay: 3)], day: 18_667, week: 18_663)
        let request = LeaseRequest(now: now, limit: 40, owner: "single", leaseSeconds: 300, destination: "kannel",
                                   campaign: Overlap.campaign, source: overlap.source, caps: caps)
        let leases = try await outbox.recordAndLease([], request).batch.leases
        try #require(leases.count > 32)
        var outcomes = leases.prefix(30).map {
            Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: "gw-\($0.id)"), at: now + 1, httpStatus: 202)
        }
        outcomes.append(Outcome(delivery: leases[30].id, result: .retry(at: now + 600, reason: "HTTP 503"), at: now + 1, httpStatus: 503))
        outcomes.append(Outcome(delivery: leases[31].id, result: .dead(reason: "HTTP 400"), at: now + 1, httpStatus: 400))
        _ = try await outbox.record(outcomes, owner: "single")
        // The other leases stay held, as by a daemon killed mid-batch.
        let receipt = HandsetReceipt(destination: "kannel", recipient: leases[0].key.recipient, outcome: .delivered, at: now + 5,
                                     since: now - 60, identifies: { $0 == leases[0].key })
        #expect(try await outbox.recordReceipt(receipt) != nil)
        _ = try await outbox.addOptOut("+8613900099999", source: "broadcastctl", now: now)
        _ = try await outbox.pause(Pause(campaign: Overlap.campaign, message: "later", region: "jiangxi"), now: now)
        _ = try await outbox.cancelAhead([CancelAhead(campaign: Overlap.campaign, message: "later", occurrence: now + 86_400,
                                                      region: nil, reason: "storm")], now: now)
        try await outbox.recordControl(ControlRecord(at: now, user: "ops", command: "pause chunfeng later", target: "chunfeng/later",
                                                     outcome: "paused", changed: true))
        try await outbox.publishRates([DestinationRate(name: "kannel", channel: "sms", perSecond: 50),
                                       DestinationRate(name: "old-gateway", channel: "sms", perSecond: 10)], now: now)
        try await outbox.publishRates([DestinationRate(name: "kannel", channel: "sms", perSecond: 50)], now: now + 2)
        return (outbox, leases.count - 32)
    }

    static func comparable(_ outbox: any OutboxBackend) async throws -> OutboxSnapshot {
        var snapshot = try await outbox.status(StatusQuery(now: { _ in now + 10 }, rateWindowSeconds: 60))
        // Each backend's record of its daemons is its own (not copied).
        snapshot.daemon = nil
        snapshot.instances = []
        // Groups of the last minute's attempts, in no order the seam promises (the backends' GROUP BY differs).
        snapshot.recentAttempts.sort { "\($0)" < "\($1)" }
        return snapshot
    }

    @Test func everyTableCopiedGivesEqualCountsAndEqualStatus() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (source, held) = try await Self.filledOutbox(in: folder)
        let target = try Self.target("copy_every_table")

        let dry = try await OutboxCopy.run(stateDirectory: folder, to: target, dryRun: true)
        #expect(dry.dryRun && dry.releasedLeases == 0 && dry.tables.allSatisfy { $0.target == nil })

        let report = try await OutboxCopy.run(stateDirectory: folder, to: target)
        #expect(report.releasedLeases == held, "the stopped daemon's held leases are released, not copied as held")
        for count in report.tables where count.notCopied == nil {
            #expect((count.source ?? 0) > 0, "\(count.table) has rows in the source")
            #expect(count.source == count.target, "\(count.table): \(String(describing: count.source)) → \(String(describing: count.target))")
        }
        #expect(Set(report.tables.filter { $0.notCopied != nil }.map(\.table)) == ["daemon", "identity", "cap_scopes", "instances", "rate_buckets"])

        let copied = try await OutboxOpener.open(.postgresql(target), access: .existing).backend
        #expect(try await Self.comparable(copied) == (try await Self.comparable(source)))
        #expect(try await copied.broadcastStatuses(.all, limit: 50) == (try await source.broadcastStatuses(.all, limit: 50)))
        #expect(try await copied.log(LogQuery(limit: 100)) == (try await source.log(LogQuery(limit: 100))))
        #expect(try await copied.optOuts(limit: 10) == (try await source.optOuts(limit: 10)))
        #expect(try await copied.cancelsAhead(campaign: Overlap.campaign) == (try await source.cancelsAhead(campaign: Overlap.campaign)))
        #expect(try await copied.controlRecords(limit: 10) == (try await source.controlRecords(limit: 10)))
        #expect(try await copied.sendsBySlot(from: Self.now - 3_600, to: Self.now + 3_600)
                == (try await source.sendsBySlot(from: Self.now - 3_600, to: Self.now + 3_600)))

        // The ids' sequences are past the copied ids: a daemon on PostgreSQL goes on enqueueing and logging.
        let daemon = try await OutboxOpener.open(.postgresql(target), access: .daemon(now: Self.now + 20)).backend
        let next = Overlap.regional(message: "next", region: "jiangxi", rank: 1, list: "jiangxi", count: 1_400, dueAt: Self.now + 20)
        #expect(try await daemon.enqueue([next], now: Self.now + 20).broadcasts == 1)
        let request = LeaseRequest(now: Self.now + 20, limit: 5, owner: "pg", leaseSeconds: 60, destination: "kannel",
                                   campaign: Overlap.campaign, source: Overlap.standard.source, caps: nil)
        let leases = try await daemon.recordAndLease([], request).batch.leases
        #expect(!leases.isEmpty)
        _ = try await daemon.record(leases.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: Self.now + 21) },
                                    owner: "pg")
    }

    @Test func aTargetWithRowsIsRefusedAndKeepsThem() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try await Self.filledOutbox(in: folder)
        let target = try Self.target("copy_not_empty")
        _ = try await OutboxCopy.run(stateDirectory: folder, to: target)
        let error = await #expect(throws: OutboxCopyError.self) { try await OutboxCopy.run(stateDirectory: folder, to: target) }
        #expect(error?.description.contains("is not empty (reaches 1, broadcasts 4, deliveries ") == true, "\(String(describing: error))")
        #expect(error?.description.contains("copy into a new database") == true)
        let copied = try await OutboxOpener.open(.postgresql(target), access: .existing).backend
        #expect(try await copied.broadcastStatuses(.all, limit: 50).count == 4)
    }

    @Test func aRunningDaemonsLockIsRefused() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try await Self.filledOutbox(in: folder)
        let lock = try StateFolderLock(directory: folder)
        defer { lock.release() }
        let error = await #expect(throws: OutboxCopyError.self) {
            try await OutboxCopy.run(stateDirectory: folder, to: try Self.target("copy_locked"))
        }
        #expect(error?.description == "broadcastd is running on \(folder); stop it first: systemctl stop broadcastd")
        let probe = try PostgresTestServer.shared().psql("SELECT to_regclass('broadcasts') IS NULL", database: "t_copy_locked")
        #expect(probe.contains("t"), "nothing was written to the target")
    }
}
