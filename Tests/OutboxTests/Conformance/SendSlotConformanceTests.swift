import Outbox
import Testing

/// The status page's sends per quarter hour (`StatusOutbox.sendsBySlot`):
/// counted by `record` in the outcome's transaction, so they are in the outbox
/// (another process reading it sees them, a restart keeps them), only for
/// outcomes that applied, and they age out with the log.
struct SendSlotConformanceTests {
    /// 2021-02-09 20:00 +08:00, on a quarter hour.
    let now = Campaign.launch

    @Test(arguments: OutboxBackends.all)
    func recordCountsAppliedAttemptsByQuarterHourAndTheOutboxKeepsThem(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let list = (0..<12).map { "+86139" + String(format: "%08d", $0) }
        _ = try await outbox.enqueue([Campaign.listed("synthetic", region: "jiangxi", count: 12)], now: 0)
        let leases = try await outbox.lease(Campaign.request(limit: 12, source: Lists(["synthetic": list])))
        try #require(leases.count == 12)
        _ = try await outbox.record(
            Campaign.delivered(Array(leases.prefix(4)), at: now + 10)                                     // 20:00 slot
            + [Outcome(delivery: leases[4].id, result: .retry(at: now + 600, reason: "http 503"), at: now + 899),
               Outcome(delivery: leases[5].id, result: .dead(reason: "http 400"), at: now + 900),        // 20:15 slot
               Outcome(delivery: leases[6].id, result: .skipped(.optedOut), at: now + 900)]              // no request: not counted
            + Campaign.delivered(Array(leases[7..<10]), at: now + 1_000), owner: "d")
        // An outcome the outbox refuses (already ended) counts nothing: the chart matches the counts.
        let refused = try await outbox.record([Outcome(delivery: leases[5].id, result: .dead(reason: "again"), at: now + 905)], owner: "d")
        #expect(refused.applied == 0)
        // Recorded by an earlier slot, read later: the last two leases end an hour on.
        _ = try await outbox.record(Campaign.delivered(Array(leases[10..<12]), at: now + 3_600), owner: "d")

        let expected = [SendSlot(start: now, delivered: 4, failed: 1), SendSlot(start: now + 900, delivered: 3, failed: 1),
                        SendSlot(start: now + 3_600, delivered: 2, failed: 0)]
        #expect(try await outbox.sendsBySlot(from: now - 86_400, to: now + 86_400) == expected)
        // [from, to) by the slot's start: a range on the primary key.
        #expect(try await outbox.sendsBySlot(from: now + 900, to: now + 3_600) == [expected[1]])
        // Another process's view of the same outbox (broadcastctl, a restarted daemon) reads the same.
        let other = try await backend.attach(subject.folder)
        #expect(try await other.sendsBySlot(from: now - 86_400, to: now + 86_400) == expected)
    }

    @Test(arguments: OutboxBackends.all)
    func slotsAgeOutWithTheLog(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        try await RetentionConformanceTests.deliver(outbox, message: "old", count: 3, at: 1_000)
        try await RetentionConformanceTests.deliver(outbox, message: "recent", count: 2, at: 5_000)
        #expect(try await outbox.sendsBySlot(from: 0, to: 10_000).map(\.start) == [900, 4_500])
        // The slot 900..<1800 ended by 2_000; the one that holds 5_000 stays with its log entries.
        _ = try await outbox.pruneLog(before: 2_000, limit: 100)
        #expect(try await outbox.sendsBySlot(from: 0, to: 10_000) == [SendSlot(start: 4_500, delivered: 2, failed: 0)])
    }
}
