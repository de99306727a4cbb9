import Foundation
import Outbox
import Testing

/// A delivery counts against the caps once, at its first lease, in the lease's
/// unit of work: releasing, retrying or re-leasing it never counts it again, a
/// lease that fails counts nothing, and one that committed stays counted
/// whatever became of the send, a crash included. Counts show in what the
/// next broadcast of the day may still send.
struct CapCrashConformanceTests {
    let now = Campaign.launch
    static let people = (0..<3).map { "+861390000000\($0)" }
    let lists = Lists(["synthetic": CapCrashConformanceTests.people])

    static func policy(perDay: Int) -> CapPolicy {
        CapConformanceTests.policy(CapPolicy.Limit(perDay: perDay), day: CapConformanceTests.tuesday)
    }

    func lease(_ outbox: any OutboxBackend, at time: Int64, owner: String = "d", perDay: Int = 1,
               source: (any RecipientSource & Sendable)? = nil) async throws -> [Lease] {
        try await outbox.lease(Campaign.request(now: time, limit: 20, owner: owner, leaseSeconds: 60, source: source ?? lists,
                                                caps: Self.policy(perDay: perDay)))
    }

    func enqueueBoth(_ outbox: any OutboxBackend) async throws {
        _ = try await outbox.enqueue([Campaign.sms(), Campaign.listed("synthetic", region: "jiangxi", count: 3)], now: 0)
    }

    /// Another message the same day, to the same people: the listed three, and the inline three unless `listOnly`.
    func enqueueTip(_ outbox: any OutboxBackend, at time: Int64, listOnly: Bool = false) async throws {
        let inline = Campaign.sms(message: "tip", occurrence: time)
        let listed = NewBroadcast(key: Campaign.key(message: "tip", occurrence: time, region: "jiangxi"), destination: "kannel",
                                  text: Campaign.text, dueAt: time, recipients: .list("synthetic", count: 3))
        _ = try await outbox.enqueue(listOnly ? [listed] : [inline, listed], now: time)
    }

    @Test(arguments: OutboxBackends.all)
    func aReleasedOrRetriedLeaseIsNotCountedAgain(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        try await enqueueBoth(outbox)
        #expect(try await lease(outbox, at: now, perDay: 2).count == 6)
        #expect(try await outbox.releaseLeases(owner: "d") == 6)
        let second = try await lease(outbox, at: now + 1, perDay: 2)
        #expect(second.count == 6)
        _ = try await outbox.record(second.map { Outcome(delivery: $0.id, result: .retry(at: now + 10, reason: "http 503"), at: now + 1) },
                                    owner: "d")
        #expect(try await lease(outbox, at: now + 10, perDay: 2).count == 6)
        #expect(try await outbox.releaseExpiredLeases(now: now + 100) == 6)
        #expect(try await lease(outbox, at: now + 100, perDay: 2).count == 6)
        // Counted once each: a second message of the day still reaches all six under two a day, a third none.
        try await enqueueTip(outbox, at: now + 200)
        #expect(try await lease(outbox, at: now + 200, perDay: 2).count == 6)
        _ = try await outbox.enqueue([Campaign.sms(message: "third", occurrence: now + 300)], now: now + 300)
        #expect(try await lease(outbox, at: now + 300, perDay: 2).isEmpty)
    }

    @Test(arguments: OutboxBackends.all)
    func aLeaseThatFailsCountsNothing(_ backend: BackendFactory) async throws {
        struct ListGone: Error {}
        struct FailingSource: RecipientSource, Sendable {
            func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice { throw ListGone() }
        }
        let outbox = try await Subject(backend).outbox
        try await enqueueBoth(outbox)
        // The inline rows come first, then the list read fails: all of it rolls back.
        await #expect(throws: ListGone.self) { try await lease(outbox, at: now, source: FailingSource()) }
        #expect(try await lease(outbox, at: now).count == 6)
    }

    @Test(arguments: OutboxBackends.all)
    func aCommittedLeaseStaysCountedAfterACrash(_ backend: BackendFactory) async throws {
        let folder = try Subject.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            let crashing = try await backend.make(folder)
            try await enqueueBoth(crashing)
            #expect(try await lease(crashing, at: now, owner: "run-1").count == 6)
            // Gone without recording or releasing: a crash after the commit.
        }
        let outbox = try await backend.make(folder)
        #expect(try await outbox.releaseExpiredLeases(now: .max) == 6)
        #expect(try await lease(outbox, at: now + 60, owner: "run-2").count == 6)
        try await enqueueTip(outbox, at: now + 120)
        #expect(try await lease(outbox, at: now + 120, owner: "run-2").isEmpty)
    }

    @Test(arguments: OutboxBackends.all)
    func aDeadDeliveryStaysCounted(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        _ = try await outbox.enqueue([Campaign.listed("synthetic", region: "jiangxi", count: 3)], now: 0)
        let leases = try await lease(outbox, at: now)
        _ = try await outbox.record(leases.map { Outcome(delivery: $0.id, result: .dead(reason: "http 400"), at: now) }, owner: "d")
        #expect(try await outbox.retryDead(.all, now: now + 5) == 3)
        #expect(try await lease(outbox, at: now + 5).count == 3)
        try await enqueueTip(outbox, at: now + 60, listOnly: true)
        #expect(try await lease(outbox, at: now + 60).isEmpty)
        #expect(try await outbox.only(BroadcastFilter(message: "tip", region: "jiangxi"))?.counts.skipped == 3)
    }
}
