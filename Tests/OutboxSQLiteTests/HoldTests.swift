import Testing
@testable import Outbox
@testable import OutboxSQLite

/// A list that cannot be read holds its own broadcast, with the reason, and
/// nothing else: other broadcasts are leased, the held one is not tried again
/// for a minute, and it goes on from where it was once the list is back.
struct HoldTests {
    /// Serves the synthetic list, and `gone` only once it is back.
    final class FlakySource: RecipientSource {
        var goneIsBack = false
        let synthetic = SyntheticSource(count: 5)

        func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice {
            if list == "gone" && !goneIsBack { throw RecipientListUnavailable("cannot read the recipient list 'gone'") }
            return try synthetic.read(list: list, from: token, limit: limit)
        }
    }

    let now = Sample.launchAt
    let folder: TemporaryDirectory
    let outbox: OutboxConnection
    let source = FlakySource()

    init() throws {
        folder = try TemporaryDirectory()
        outbox = try OutboxConnection(path: folder.outboxPath)
        try outbox.enqueue([Sample.listed(message: "held", list: "gone", count: 5),
                            Sample.listed(message: "fine", list: "synthetic", count: 5)], now: 0)
    }

    func lease(at time: Int64) throws -> LeaseBatch {
        try outbox.leaseBatch(now: time, limit: 20, owner: "d", leaseSeconds: 30, source: source)
    }

    @Test func anUnreadableListHoldsOnlyItsBroadcastAndSaysWhy() throws {
        let batch = try lease(at: now)
        #expect(batch.leases.map(\.key.message) == Array(repeating: "fine", count: 5))
        #expect(batch.heldProblems == ["cannot read the recipient list 'gone'"])
        let held = try outbox.heldBroadcasts()
        #expect(held.map(\.key.message) == ["held"])
        #expect(held.first?.retryAt == now + OutboxConnection.holdSeconds)
        let status = try #require(try outbox.onlyStatus(BroadcastFilter(message: "held")))
        #expect(status.cursor == 0 && status.counts.pending == 5)
    }

    @Test func aHeldBroadcastIsNotDueUntilItsHoldEnds() throws {
        _ = try lease(at: now)
        #expect(try outbox.dueDestinations(now: now + 1).isEmpty)
        #expect(try lease(at: now + 1).leases.isEmpty)
        #expect(try outbox.nextDueTime() == now + OutboxConnection.holdSeconds)
        // Still gone after the hold: held again, a minute on.
        #expect(try lease(at: now + OutboxConnection.holdSeconds).heldProblems.count == 1)
        #expect(try outbox.nextDueTime() == now + 2 * OutboxConnection.holdSeconds)
    }

    @Test func theListBackTheBroadcastGoesOnAndTheProblemIsGone() throws {
        _ = try lease(at: now)
        source.goneIsBack = true
        #expect(try outbox.dueDestinations(now: now + OutboxConnection.holdSeconds) == ["kannel"])
        let batch = try lease(at: now + OutboxConnection.holdSeconds)
        #expect(batch.leases.count == 5 && batch.leases.allSatisfy { $0.key.message == "held" })
        #expect(batch.heldProblems.isEmpty)
        #expect(try outbox.heldBroadcasts().isEmpty)
    }
}
