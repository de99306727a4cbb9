import Foundation
import Outbox
import OutboxTestSupport
import Testing

/// Issue 5's crash test through the seam: a daemon leases, sends (appends to
/// a sink) and records in batches, and crashes three times, once right after
/// a lease commits, once after the sends, once after recording; each restart
/// releases every lease and goes on. Over three overlapping lists, every
/// person is sent to from the deepest region listing them, and the extra
/// copies are no more than the leases in flight at the crashes. (The SQLite
/// backend's SIGKILLTests do the same with a real SIGKILL of a child process.)
struct RepeatedCrashConformanceTests {
    enum Step: CaseIterable { case leased, sent, recorded }

    static let batch = 50
    static let overlap = Overlap(scale: 3)

    /// One run of the daemon until it crashes at `step` after `batches` recorded batches,
    /// or until nothing is left when `step` is nil. Returns the sink's new lines.
    static func run(_ outbox: any OutboxBackend, at now: Int64, owner: String, crashAt step: Step?, after batches: Int) async throws -> [String] {
        _ = try await outbox.releaseExpiredLeases(now: .max)
        var sink: [String] = []
        var recorded = 0
        while true {
            let leases = try await outbox.lease(Campaign.request(now: now, limit: batch, owner: owner, source: overlap.source))
            if leases.isEmpty { return sink }
            if step == .leased && recorded >= batches { return sink }
            sink += leases.map { $0.key.region + " " + $0.recipient }
            if step == .sent && recorded >= batches { return sink }
            _ = try await outbox.record(Campaign.delivered(leases, at: now), owner: owner)
            recorded += 1
            if step == .recorded && recorded >= batches { return sink }
        }
    }

    @Test(arguments: OutboxBackends.all)
    func threeCrashesLoseNothingAndRepeatOnlyWhatWasInFlight(_ backend: BackendFactory) async throws {
        let folder = try Subject.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try await backend.make(folder).enqueue(Self.overlap.broadcasts(), now: 0)
        var sink: [String] = []
        var inFlightAtCrashes: Int64 = 0
        for (generation, step) in zip(1..., Step.allCases) {
            let outbox = try await backend.make(folder)
            let now = Campaign.launch + Int64(generation) * 1_000
            sink += try await Self.run(outbox, at: now, owner: "generation-\(generation)", crashAt: step, after: 8 * generation)
            inFlightAtCrashes += try await outbox.broadcastStatuses(.all, limit: 50).reduce(0) { $0 + $1.counts.inFlight }
            // The outbox is dropped here without releasing or recording: a crash.
        }
        #expect(inFlightAtCrashes > 0 && inFlightAtCrashes <= 3 * Int64(Self.batch))

        let outbox = try await backend.make(folder)
        sink += try await Self.run(outbox, at: Campaign.launch + 4_000, owner: "final", crashAt: nil, after: 0)

        let expected = Set(Self.overlap.regions.flatMap { region in Self.overlap.attributed(to: region.path).map { region.path + " " + $0 } })
        #expect(Set(sink) == expected)
        let extraCopies = sink.count - Set(sink).count
        #expect(Int64(extraCopies) <= inFlightAtCrashes, "\(extraCopies) duplicates, \(inFlightAtCrashes) in flight at the crashes")
        let statuses = try await outbox.broadcastStatuses(.all, limit: 50)
        #expect(statuses.reduce(0) { $0 + $1.counts.delivered } == Int64(expected.count))
        #expect(statuses.reduce(0) { $0 + $1.counts.total } == Int64(expected.count))
        #expect(try await outbox.positionsAddUp())
    }
}
