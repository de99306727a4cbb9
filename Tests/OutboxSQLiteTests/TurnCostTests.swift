import Synchronization
import Testing
@testable import Outbox
@testable import OutboxSQLite

/// What makes a burst of one-off broadcasts start on time (`bench on-time`):
/// a lease reads a small list shared by many broadcasts once, and the
/// dispatcher's per-turn questions stop at the first due list of each
/// destination instead of walking every due broadcast, with the same answers.
struct TurnCostTests {
    /// Lists in memory that count their reads.
    final class CountingSource: RecipientSource, Sendable {
        let lists: [String: [String]]
        let reads = Mutex(0)

        init(_ lists: [String: [String]]) {
            self.lists = lists
        }

        func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice {
            reads.withLock { $0 += 1 }
            guard lists[list] != nil else { throw RecipientListUnavailable("cannot read the recipient list '\(list)'") }
            return try ArraySource(lists: lists).read(list: list, from: token, limit: limit)
        }
    }

    let now = Sample.launchAt

    func oneOff(_ index: Int, list: String = "duty.txt", destination: String = "kannel", dueAt: Int64? = nil) -> NewBroadcast {
        NewBroadcast(key: Sample.key(message: "m\(index)"), destination: destination, text: "occurrence \(index)",
                     dueAt: dueAt ?? now, recipients: .list(list, count: nil))
    }

    @Test func oneLeaseReadsASmallListSharedByManyBroadcastsOnce() throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        try outbox.enqueue((0..<40).map { oneOff($0) }, now: 0)
        let source = CountingSource(["duty.txt": [Sample.phones[0]]])
        let leases = try outbox.leaseDue(now: now, limit: 100, owner: "d", leaseSeconds: 30, source: source)
        #expect(leases.count == 40)
        #expect(Set(leases.map(\.key.message)).count == 40, "one lease per broadcast")
        #expect(leases.allSatisfy { $0.key.recipient == Sample.phones[0] })
        #expect(source.reads.withLock { $0 } == 1)
        // The next lease reads again: nothing is kept past the lease that read it.
        try outbox.enqueue([oneOff(40)], now: 0)
        #expect(try outbox.leaseDue(now: now, limit: 100, owner: "d", leaseSeconds: 30, source: source).count == 1)
        #expect(source.reads.withLock { $0 } == 2)
    }

    @Test func aSliceThatDidNotEndTheListIsReadAgain() throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        try outbox.enqueue([oneOff(0, list: "three.txt"), oneOff(1, list: "three.txt")], now: 0)
        let source = CountingSource(["three.txt": Sample.phones])
        let leases = try outbox.leaseDue(now: now, limit: 4, owner: "d", leaseSeconds: 30, source: source)
        // Three from the first broadcast's list, then one from the second's: a slice asking for fewer
        // than an ended slice holds is read, not cut from it.
        #expect(leases.map(\.key.message) == ["m0", "m0", "m0", "m1"])
        #expect(leases.map(\.key.recipient) == Sample.phones + [Sample.phones[0]])
        #expect(source.reads.withLock { $0 } == 2)
    }

    @Test func dueDestinationsLookPastHeldPausedAndLaterLists() throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        try outbox.enqueue([
            oneOff(0, list: "gone.txt", destination: "a-gateway", dueAt: now - 10),
            oneOff(1, destination: "a-gateway"),
            oneOff(2, destination: "b-gateway", dueAt: now + 30),
            oneOff(3, destination: "c-gateway"),
        ], now: 0)
        try outbox.pause(campaign: Sample.campaign, message: "m3", now: 0)
        let source = CountingSource(["duty.txt": [Sample.phones[0]]])
        // The missing list holds its broadcast; the gateway's next list is still due.
        let batch = try outbox.leaseBatch(now: now, limit: 1, owner: "d", leaseSeconds: 30, destination: "a-gateway",
                                          source: source)
        #expect(batch.leases.isEmpty && batch.heldProblems.count == 1)
        #expect(try outbox.dueDestinations(now: now) == ["a-gateway"])
        #expect(try outbox.dueDestinations(now: now + 30) == ["a-gateway", "b-gateway"])
        _ = try outbox.leaseDue(now: now, limit: 1, owner: "d", leaseSeconds: 30, destination: "a-gateway", source: source)
        #expect(try outbox.dueDestinations(now: now).isEmpty, "only the held list is left, held until later")
        // Next due: the b gateway's list, or the held one when its hold ends, whichever is first.
        let heldUntil = now + HeldBroadcast.retrySeconds
        #expect(heldUntil > now + 30)
        #expect(try outbox.nextDueTime() == now + 30)
        #expect(try outbox.nextDueTime(destination: "a-gateway") == heldUntil)
        #expect(try outbox.nextDueTime(destination: "c-gateway") == nil, "paused")
    }

    @Test func theTurnQueriesStepThroughTheirIndexes() throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        try outbox.enqueue([oneOff(0)], now: 0)
        _ = try outbox.dueDestinations(now: now)
        _ = try outbox.nextDueTime()
        let plans = try outbox.database.cachedSQL.map { try outbox.database.queryPlan($0).joined(separator: "; ") }
        for index in ["broadcasts_destination", "broadcasts_held"] {
            #expect(plans.contains { $0.contains(index) }, "no statement uses \(index)")
        }
        #expect(!plans.contains { $0.contains("SCAN b") && $0.contains("USING INDEX broadcasts_feed") && $0.contains("EXISTS") },
                "dueDestinations walks every due broadcast")
    }
}
