import Foundation
import Outbox
import Testing

/// What survives a crash. A crash is the daemon's outbox closed without
/// releasing its leases or recording what it sent, then opened again
/// (`BackendFactory.make` on the same folder); the restart releases every
/// lease first, as the daemon does once it holds the state folder.
struct CrashConformanceTests {
    let now = Campaign.launch
    static let list = (0..<1_000).map { "+86139" + String(format: "%08d", $0) }

    /// The daemon crashes with leases held and outcomes unrecorded: the next
    /// start sends everything not delivered, and resends at most what was in
    /// flight at the crash.
    @Test(arguments: OutboxBackends.all)
    func aCrashedRunLosesNothingAndResendsOnlyWhatWasInFlight(_ backend: BackendFactory) async throws {
        let folder = try Subject.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lists = Lists(["synthetic": Self.list])
        var deliveredInFirstRun: Set<String> = []
        var inFlightAtCrash: Set<String> = []
        do {
            let outbox = try await backend.make(folder)
            _ = try await outbox.enqueue([Campaign.listed("synthetic", region: "jiangxi", count: 1_000), Campaign.sms()], now: 0)
            let first = try await outbox.lease(Campaign.request(owner: "run-1", source: lists))
            _ = try await outbox.record(Campaign.delivered(Array(first.prefix(60))), owner: "run-1")
            deliveredInFirstRun = Set(first.prefix(60).map(\.recipient))
            let second = try await outbox.lease(Campaign.request(limit: 50, owner: "run-1", source: lists))
            inFlightAtCrash = Set(first.dropFirst(60).map(\.recipient) + second.map(\.recipient))
            // The outbox goes away here without recording or releasing.
        }
        #expect(inFlightAtCrash.count == 90)

        let outbox = try await backend.make(folder)
        let restart = now + 600
        #expect(try await outbox.releaseExpiredLeases(now: .max) == 90)
        var sentInSecondRun: [String] = []
        while true {
            let batch = try await outbox.lease(Campaign.request(now: restart, limit: 128, owner: "run-2", source: lists))
            if batch.isEmpty { break }
            sentInSecondRun += batch.map(\.recipient)
            _ = try await outbox.record(Campaign.delivered(batch, at: restart), owner: "run-2")
        }

        #expect(Set(sentInSecondRun).union(deliveredInFirstRun) == Set(Self.list + Campaign.phones))
        #expect(Set(sentInSecondRun).isDisjoint(with: deliveredInFirstRun))
        #expect(sentInSecondRun.count == Set(sentInSecondRun).count)
        let delivered = try await outbox.broadcastStatuses(.all, limit: 50).reduce(Int64(0)) { $0 + $1.counts.delivered }
        #expect(delivered == 1_003)
    }

    /// A read that fails half-way through a lease rolls the whole lease back:
    /// no row is in flight and the cursor has not moved past anyone.
    @Test(arguments: OutboxBackends.all)
    func aFailedLeaseLeavesTheCursorWhereItWas(_ backend: BackendFactory) async throws {
        struct ListGone: Error {}
        struct FailingSource: RecipientSource, Sendable {
            func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice { throw ListGone() }
        }
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let lists = Lists(["synthetic": Array(Self.list.prefix(10))])
        _ = try await outbox.enqueue([Campaign.sms(), Campaign.listed("synthetic", region: "jiangxi", count: 10)], now: 0)
        await #expect(throws: ListGone.self) {
            try await outbox.lease(Campaign.request(limit: 20, source: FailingSource()))
        }
        #expect(try await outbox.only(BroadcastFilter(region: "jiangxi"))?.cursor == 0)
        #expect(try await outbox.only(BroadcastFilter(region: "nanchang"))?.counts.inFlight == 0)
        #expect(try await outbox.lease(Campaign.request(limit: 20, source: lists)).count == 13)
    }

    /// Another process (broadcastctl) sees exactly what a committed call wrote,
    /// and the daemon sees the operator's pause at its next lease.
    @Test(arguments: OutboxBackends.all)
    func anotherProcessSeesCommittedWork(_ backend: BackendFactory) async throws {
        let subject = try await Subject(backend)
        let daemon = subject.outbox
        _ = try await daemon.enqueue([Campaign.sms()], now: 0)
        let control = try await backend.attach(subject.folder)
        let leases = try await daemon.lease(Campaign.request())
        #expect(leases.count == 3)
        #expect(try await control.only()?.counts.inFlight == 3)
        #expect(try await control.pause(campaign: Campaign.name, message: nil, now: now))
        #expect(try await daemon.releaseLeases(owner: "d") == 3)
        #expect(try await daemon.lease(Campaign.request()).isEmpty)
    }
}
