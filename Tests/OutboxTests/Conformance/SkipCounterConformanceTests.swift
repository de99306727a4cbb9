import Outbox
import Testing

/// List recipients skipped at lease time (capped, opted out, listed twice)
/// count on their broadcast and in the log; every status figure still adds up
/// to the positions read.
struct SkipCounterConformanceTests {
    static let now = Campaign.launch
    static let numbers = (0..<10).map { "+86139000000" + String(format: "%02d", $0) }
    static let oneADay = CapConformanceTests.policy(CapPolicy.Limit(perDay: 1), day: CapConformanceTests.tuesday)

    /// "first" reaches numbers 0–2; "second" lists 0–9 and 5 again: 0–2 are
    /// capped, 3 and 4 opted out, 5 listed twice, 5–9 leased; of those 2
    /// delivered, 1 retrying, 1 dead, 1 still in flight.
    static func sendTwoBroadcasts(_ backend: BackendFactory) async throws -> Subject {
        let subject = try await Subject(backend)
        let outbox = subject.outbox
        let lists = Lists(["first": Array(numbers.prefix(3)), "second": numbers + [numbers[5]]])
        _ = try await outbox.addOptOut(numbers[3], source: OptOut.fileSource, now: 0)
        _ = try await outbox.addOptOut(numbers[4], source: OptOut.commandSource, now: 0)
        func listed(_ message: String, count: Int64, at: Int64) -> NewBroadcast {
            NewBroadcast(key: Campaign.key(message: message, occurrence: at), destination: "kannel", text: Campaign.text,
                         dueAt: at, recipients: .list(message, count: count))
        }
        _ = try await outbox.enqueue([listed("first", count: 3, at: now)], now: 0)
        let first = try await outbox.lease(Campaign.request(limit: 20, leaseSeconds: 60, source: lists, caps: oneADay))
        _ = try await outbox.record(Campaign.delivered(first), owner: "d")
        _ = try await outbox.enqueue([listed("second", count: 11, at: now + 60)], now: now)
        let second = try await outbox.lease(Campaign.request(now: now + 60, limit: 20, leaseSeconds: 60, source: lists, caps: oneADay))
        #expect(second.map(\.recipient) == Array(numbers[5...]))
        let results: [Outcome.Result] = [.delivered(gatewayMessageID: nil), .delivered(gatewayMessageID: nil),
                                         .retry(at: now + 600, reason: "http 503"), .dead(reason: "http 400")]
        _ = try await outbox.record(zip(second, results).map { Outcome(delivery: $0.id, result: $1, at: now + 61) }, owner: "d")
        return subject
    }

    @Test(arguments: OutboxBackends.all)
    func aBroadcastsCountsAddUpToItsPositions(_ backend: BackendFactory) async throws {
        let outbox = try await Self.sendTwoBroadcasts(backend).outbox
        let second = try #require(try await outbox.only(BroadcastFilter(message: "second")))
        #expect(second.cursor == 11 && second.total == 11 && second.duplicates == 1)
        let counts = second.counts
        #expect([counts.delivered, counts.inFlight, counts.retrying, counts.dead, counts.skipped, counts.pending]
            == [2, 1, 1, 1, 5, 0])
        #expect(counts.total + second.duplicates == second.cursor)
        let occurrence = try #require(try await outbox.snapshot(at: Self.now + 61).due.first { $0.status.message == "second" })
        #expect(occurrence.closed == [
            ClosedCount(state: .skipped, reason: "capped", count: 3),
            ClosedCount(state: .skipped, reason: "opted out", count: 2),
        ])
        #expect(occurrence.status.counts == counts)
    }

    /// The daemon's broadcast watch asks without closed counts: the same occurrence
    /// and counts, and nothing counted by reason.
    @Test(arguments: OutboxBackends.all)
    func aSnapshotWithoutClosedCountsHasTheSameCounts(_ backend: BackendFactory) async throws {
        let outbox = try await Self.sendTwoBroadcasts(backend).outbox
        let full = try #require(try await outbox.snapshot(at: Self.now + 61).due.first { $0.status.message == "second" })
        let query = StatusQuery(now: { _ in Self.now + 61 }, rateWindowSeconds: 60, closedCounts: false)
        let bare = try #require(try await outbox.status(query).due.first { $0.status.message == "second" })
        #expect(!full.closed.isEmpty)
        #expect(bare.closed.isEmpty)
        #expect(bare.status == full.status)
    }

    /// The watch asks for the occurrences and pauses only: those are as in a full
    /// snapshot, and nothing outbox-wide is read.
    @Test(arguments: OutboxBackends.all)
    func aSnapshotOfOccurrencesOnlyHasTheSameOccurrencesAndPauses(_ backend: BackendFactory) async throws {
        let outbox = try await Self.sendTwoBroadcasts(backend).outbox
        _ = try await outbox.pause(campaign: Campaign.name, message: "second", now: Self.now + 61)
        let full = try await outbox.snapshot(at: Self.now + 61)
        let query = StatusQuery(now: { _ in Self.now + 61 }, rateWindowSeconds: 60, occurrencesOnly: true)
        let bare = try await outbox.status(query)
        #expect(!full.destinationCounts.isEmpty && !full.recentAttempts.isEmpty)
        #expect(bare.due == full.due && bare.upcoming == full.upcoming && bare.daemon == full.daemon)
        #expect(bare.pauses == full.pauses && bare.pauses.count == 1)
        #expect(bare.destinationCounts.isEmpty && bare.recentAttempts.isEmpty && bare.destinations.isEmpty)
        #expect(bare.recentFailures.isEmpty && bare.held.isEmpty && bare.failureGroups.isEmpty && bare.instances.isEmpty)
    }

    @Test(arguments: OutboxBackends.all)
    func skippedListRecipientsAreLoggedOnceEach(_ backend: BackendFactory) async throws {
        let outbox = try await Self.sendTwoBroadcasts(backend).outbox
        let skips = try await outbox.log(LogQuery(message: "second", outcome: .skipped))
        #expect(skips.count == 5)
        #expect(Dictionary(grouping: skips, by: { $0.reason ?? "" }).mapValues(\.count) == ["capped": 3, "opted out": 2])
        #expect(skips.allSatisfy { $0.at == Self.now + 60 })
    }

    @Test(arguments: OutboxBackends.all)
    func destinationTotalsIncludeTheCounters(_ backend: BackendFactory) async throws {
        let outbox = try await Self.sendTwoBroadcasts(backend).outbox
        let kannel = try #require(try await outbox.snapshot(at: Self.now + 61).destinationCounts.first { $0.destination == "kannel" })
        #expect(kannel.counts.skipped == 5)
        #expect(kannel.counts.delivered == 5)
        #expect(kannel.counts.total == 3 + 10)
    }
}
