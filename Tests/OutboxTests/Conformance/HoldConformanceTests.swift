import Outbox
import Synchronization
import Testing

/// A list that cannot be read holds its own broadcast, with the reason, and
/// nothing else: other broadcasts are leased, the held one is not tried again
/// for `HeldBroadcast.retrySeconds`, and it goes on from where it was once the
/// list is back.
struct HoldConformanceTests {
    /// Serves five numbers for any list, and `gone` only once it is back.
    final class FlakySource: RecipientSource, Sendable {
        let goneIsBack = Atomic(false)
        let people = Lists(["gone": numbers, "fine": numbers])
        static let numbers = (0..<5).map { "+861390000000\($0)" }

        func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice {
            if list == "gone" && !goneIsBack.load(ordering: .relaxed) {
                throw RecipientListUnavailable("cannot read the recipient list 'gone'")
            }
            return try people.read(list: list, from: token, limit: limit)
        }
    }

    let now = Campaign.launch
    let hold = HeldBroadcast.retrySeconds
    let source = FlakySource()

    func enqueued(_ backend: BackendFactory) async throws -> Subject {
        let subject = try await Subject(backend)
        let held = NewBroadcast(key: Campaign.key(message: "held"), destination: "kannel", text: Campaign.text,
                                dueAt: now, recipients: .list("gone", count: 5))
        let fine = NewBroadcast(key: Campaign.key(message: "fine"), destination: "kannel", text: Campaign.text,
                                dueAt: now, recipients: .list("fine", count: 5))
        _ = try await subject.outbox.enqueue([held, fine], now: 0)
        return subject
    }

    func lease(_ outbox: any OutboxBackend, at time: Int64) async throws -> LeaseBatch {
        try await outbox.recordAndLease([], Campaign.request(now: time, limit: 20, source: source)).batch
    }

    @Test(arguments: OutboxBackends.all)
    func anUnreadableListHoldsOnlyItsBroadcastAndSaysWhy(_ backend: BackendFactory) async throws {
        let outbox = try await enqueued(backend).outbox
        let batch = try await lease(outbox, at: now)
        #expect(batch.leases.map(\.key.message) == Array(repeating: "fine", count: 5))
        #expect(batch.heldProblems == ["cannot read the recipient list 'gone'"])
        let held = try await outbox.snapshot(at: now).held
        #expect(held.map(\.key.message) == ["held"])
        #expect(held.first?.retryAt == now + hold)
        let status = try #require(try await outbox.only(BroadcastFilter(message: "held")))
        #expect(status.cursor == 0 && status.counts.pending == 5)
    }

    @Test(arguments: OutboxBackends.all)
    func aHeldBroadcastIsNotDueUntilItsHoldEnds(_ backend: BackendFactory) async throws {
        let outbox = try await enqueued(backend).outbox
        _ = try await lease(outbox, at: now)
        #expect(try await outbox.dueDestinations(now: now + 1).isEmpty)
        #expect(try await lease(outbox, at: now + 1).leases.isEmpty)
        #expect(try await outbox.nextDueTime() == now + hold)
        // Still gone after the hold: held again, a hold later.
        #expect(try await lease(outbox, at: now + hold).heldProblems.count == 1)
        #expect(try await outbox.nextDueTime() == now + 2 * hold)
    }

    @Test(arguments: OutboxBackends.all)
    func theListBackTheBroadcastGoesOnAndTheProblemIsGone(_ backend: BackendFactory) async throws {
        let outbox = try await enqueued(backend).outbox
        _ = try await lease(outbox, at: now)
        source.goneIsBack.store(true, ordering: .relaxed)
        #expect(try await outbox.dueDestinations(now: now + hold) == ["kannel"])
        let batch = try await lease(outbox, at: now + hold)
        #expect(batch.leases.count == 5 && batch.leases.allSatisfy { $0.key.message == "held" })
        #expect(batch.heldProblems.isEmpty)
        #expect(try await outbox.snapshot(at: now + hold).held.isEmpty)
    }
}
