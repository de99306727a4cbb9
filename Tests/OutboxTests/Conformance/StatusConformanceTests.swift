import Outbox
import Testing

/// `StatusOutbox`: exact counts while a list is half read, totals by
/// destination, the log's order and filters, occurrences adding up their
/// parts, and counts that outlive the log.
struct StatusConformanceTests {
    let now = Campaign.launch

    static func webhook(occurrence: Int64 = Campaign.launch) -> NewBroadcast {
        NewBroadcast(key: Campaign.key(occurrence: occurrence, channel: "webhook", audience: "wecom-nanchang"),
                     destination: "wecom-nanchang", text: "launch", dueAt: occurrence, recipients: .inline(["wecom-nanchang"]))
    }

    static func leaseWebhook(_ outbox: any OutboxBackend, limit: Int = 10) async throws -> [Lease] {
        var request = Campaign.request(limit: limit)
        request.destination = "wecom-nanchang"
        return try await outbox.lease(request)
    }

    @Test(arguments: OutboxBackends.all)
    func countsAreExactWhileAListIsHalfRead(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        let list = (0..<1_000).map { "+86139" + String(format: "%08d", $0) }
        _ = try await outbox.enqueue([Campaign.listed("synthetic", region: "jiangxi", count: 1_000)], now: 0)
        let leases = try await outbox.lease(Campaign.request(limit: 300, source: Lists(["synthetic": list])))
        _ = try await outbox.record(Campaign.delivered(Array(leases.prefix(200)))
            + leases.dropFirst(200).prefix(50).map { Outcome(delivery: $0.id, result: .retry(at: now + 9, reason: "http 503"), at: now) }
            + leases.dropFirst(250).prefix(10).map { Outcome(delivery: $0.id, result: .skipped(.capped), at: now) },
            owner: "d")
        let status = try #require(try await outbox.only())
        #expect(status.isExact)
        #expect(status.startedAt == now)
        #expect(status.counts.delivered == 200)
        #expect(status.counts.retrying == 50)
        #expect(status.counts.skipped == 10)
        #expect(status.counts.inFlight == 40)
        #expect(status.counts.pending == 700)
        #expect(status.counts.total == 1_000)
    }

    /// `status` groups failures by destination, outcome and reason: an outage
    /// of many recipients is one line with its count and its first and last time.
    @Test(arguments: OutboxBackends.all)
    func failuresAreGroupedByDestinationOutcomeAndReason(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        let list = (0..<20).map { "+86139" + String(format: "%08d", $0) }
        _ = try await outbox.enqueue([Campaign.listed("synthetic", region: "jiangxi", count: 20)], now: 0)
        let leases = try await outbox.lease(Campaign.request(limit: 20, source: Lists(["synthetic": list])))
        _ = try await outbox.record(
            leases.prefix(12).enumerated().map { index, lease in
                Outcome(delivery: lease.id, result: .retry(at: now + 60, reason: "http 503"), at: now + Int64(index)) }
            + leases.dropFirst(12).prefix(3).map { Outcome(delivery: $0.id, result: .dead(reason: "http 400"), at: now + 20) }
            + Campaign.delivered(Array(leases.dropFirst(15))), owner: "d")
        let groups = try await outbox.snapshot(at: now + 30).failureGroups
        #expect(groups.map(\.outcome) == [.dead, .retrying])
        #expect(groups.map(\.reason) == ["http 400", "http 503"])
        #expect(groups.map(\.count) == [3, 12])
        #expect(groups.last?.firstAt == now && groups.last?.lastAt == now + 11)
        #expect(Set(groups.map(\.destination)).count == 1)
        // The twelve wait out their backoff: the retrying cause says so and when the first goes again.
        #expect(groups.map(\.waiting) == [0, 12])
        #expect(groups.map(\.nextRetryAt) == [nil, now + 60])
    }

    @Test(arguments: OutboxBackends.all)
    func countsByDestinationAddUpAcrossBroadcasts(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        _ = try await outbox.enqueue([Campaign.sms(), Campaign.sms(region: "jiujiang"), Self.webhook(),
                                      Campaign.listed("synthetic", region: "jiangxi", count: 10)], now: 0)
        let leases = try await outbox.lease(Campaign.request(limit: 4))
        _ = try await outbox.record(Campaign.delivered(leases), owner: "d")
        let byDestination = try await outbox.snapshot(at: now).destinationCounts
        #expect(byDestination.map(\.destination) == ["kannel", "wecom-nanchang"])
        #expect(byDestination[0].counts.delivered == 4)
        #expect(byDestination[0].counts.pending == 12)
        #expect(byDestination[1].counts.pending == 1)
    }

    @Test(arguments: OutboxBackends.all)
    func theLogIsNewestFirstAndFiltered(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        _ = try await outbox.enqueue([Campaign.sms(), Self.webhook()], now: 0)
        let leases = try await outbox.lease(Campaign.request()) + Self.leaseWebhook(outbox)
        for (offset, lease) in leases.enumerated() {
            let result: Outcome.Result = lease.key.channel == "webhook" ? .dead(reason: "http 404") : .delivered(gatewayMessageID: nil)
            _ = try await outbox.record([Outcome(delivery: lease.id, result: result, at: now + Int64(offset))], owner: "d")
        }
        let all = try await outbox.log(LogQuery())
        #expect(all.map(\.at) == (0..<4).reversed().map { now + Int64($0) })
        #expect(try await outbox.log(LogQuery(limit: 2)).map(\.id) == all.prefix(2).map(\.id))
        #expect(try await outbox.log(LogQuery(channel: "webhook")).map(\.key.recipient) == ["wecom-nanchang"])
        #expect(try await outbox.log(LogQuery(outcome: .delivered)).count == 3)
        #expect(try await outbox.log(LogQuery(since: now + 2)).count == 2)
        #expect(try await outbox.log(LogQuery(message: "other")).isEmpty)
        #expect(try await outbox.log(LogQuery(region: "nanchang", outcome: .dead)).count == 1)
        #expect(try await outbox.snapshot(at: now + 4).recentFailures.map(\.reason) == ["http 404"])
    }

    @Test(arguments: OutboxBackends.all)
    func anOccurrenceAddsUpItsRegionsAndChannels(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        _ = try await outbox.enqueue([Campaign.sms(), Campaign.sms(region: "jiujiang"), Self.webhook(),
                                      Campaign.sms(message: "reminder"), Campaign.sms(occurrence: now + 86_400)], now: 0)
        let lease = try await Self.leaseWebhook(outbox, limit: 1)
        _ = try await outbox.record(Campaign.delivered(lease), owner: "d")
        let snapshot = try await outbox.snapshot(at: now)
        #expect(snapshot.upcoming.map(\.status.occurrence) == [now + 86_400])
        let launch = try #require(snapshot.due.first { $0.status.message == "launch" }?.status)
        #expect(launch.occurrence == now)
        #expect(launch.parts.count == 3)
        #expect(launch.counts.pending == 6 && launch.counts.delivered == 1)
        #expect(launch.isExact && !launch.paused)
    }

    @Test(arguments: OutboxBackends.all)
    func pruningTheLogKeepsCountsAndTheFailedDeliveries(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        _ = try await outbox.enqueue([Campaign.sms()], now: 0)
        let leases = try await outbox.lease(Campaign.request())
        _ = try await outbox.record([
            Outcome(delivery: leases[0].id, result: .delivered(gatewayMessageID: nil), at: now),
            Outcome(delivery: leases[1].id, result: .dead(reason: "http 400"), at: now),
            Outcome(delivery: leases[2].id, result: .delivered(gatewayMessageID: nil), at: now + 100),
        ], owner: "d")
        #expect(try await outbox.pruneLog(before: now + 1, limit: 100) == 2)
        #expect(try await outbox.log(LogQuery()).map(\.outcome) == [.delivered])
        #expect(try await outbox.only()?.counts.delivered == 2)
        #expect(try await outbox.only()?.counts.dead == 1, "the dead delivery stays, for status and retry")
    }
}
