import Outbox
import Testing

/// `ReceiptOutbox`: a delivery report finds its SMS through the daemon's
/// matcher, counts on its broadcast and its gateway by handset outcome, a later
/// report for the same SMS replaces the earlier, a report for no SMS of ours
/// changes nothing, and the counts outlive the log.
struct ReceiptConformanceTests {
    let now = Campaign.launch

    /// Two messages to the same three numbers through `kannel`, every SMS accepted by the gateway.
    func deliveredTwice(_ outbox: any OutboxBackend) async throws {
        _ = try await outbox.enqueue([Campaign.sms(), Campaign.sms(message: "tip")], now: 0)
        let leases = try await outbox.lease(Campaign.request())
        #expect(leases.count == 6)
        _ = try await outbox.record(Campaign.delivered(leases), owner: "d")
    }

    /// The report about `phone`'s SMS of `message`, as the daemon builds it.
    func receipt(_ phone: String, of message: String, _ outcome: HandsetOutcome, at time: Int64? = nil,
                 destination: String = "kannel", since: Int64 = 0) -> HandsetReceipt {
        HandsetReceipt(destination: destination, recipient: phone, outcome: outcome, at: time ?? now + 5, detail: "000",
                       since: since, identifies: { $0.message == message && $0.recipient == phone })
    }

    @Test(arguments: OutboxBackends.all)
    func receiptsCountOnTheirBroadcastAndGateway(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        try await deliveredTwice(outbox)
        let phones = Campaign.phones
        let key = try await outbox.recordReceipt(receipt(phones[0], of: "launch", .delivered))
        #expect(key?.message == "launch" && key?.recipient == phones[0] && key?.region == "nanchang")
        #expect(try await outbox.recordReceipt(receipt(phones[1], of: "launch", .failed)) != nil)
        #expect(try await outbox.recordReceipt(receipt(phones[0], of: "tip", .expired)) != nil)

        let launch = try #require(try await outbox.only(BroadcastFilter(message: "launch")))
        #expect(launch.handset.delivered == 1 && launch.handset.failed == 1 && launch.handset.reported == 2)
        #expect(launch.unreported(now: now + 60) == (waiting: 1, unknown: 0))
        let tip = try #require(try await outbox.only(BroadcastFilter(message: "tip")))
        #expect(tip.handset.expired == 1 && tip.handset.reported == 1)

        let kannel = try #require(try await outbox.snapshot(at: now + 60).destinationCounts.first { $0.destination == "kannel" })
        #expect(kannel.handset.delivered == 1 && kannel.handset.failed == 1 && kannel.handset.expired == 1)
        #expect(kannel.counts.delivered == 6)
        let occurrence = try #require(try await outbox.snapshot(at: now + 60).due.first { $0.status.message == "launch" })
        #expect(occurrence.status.handset.reported == 2)
    }

    /// Jasmin reports level 1 then level 2; an SMSC may report `UNDELIV` then
    /// `DELIVRD`: the last word counts, once.
    /// `log` shows a delivered SMS's report and the SMSC's error beside its attempt.
    @Test(arguments: OutboxBackends.all)
    func theLogShowsTheReportOfADeliveredSMS(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        try await deliveredTwice(outbox)
        let phone = Campaign.phones[1]
        _ = try await outbox.recordReceipt(receipt(phone, of: "tip", .expired))
        let entries = try await outbox.log(LogQuery(message: "tip"))
        let reported = entries.filter { $0.key.recipient == phone }
        #expect(reported.map(\.handset) == [.expired] && reported.map(\.smscError) == ["000"])
        #expect(entries.filter { $0.key.recipient != phone }.allSatisfy { $0.handset == nil })
        #expect(try await outbox.log(LogQuery(message: "launch")).allSatisfy { $0.handset == nil })
    }

    @Test(arguments: OutboxBackends.all)
    func aLaterReportForTheSameSMSReplacesTheEarlier(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        try await deliveredTwice(outbox)
        let phone = Campaign.phones[2]
        _ = try await outbox.recordReceipt(receipt(phone, of: "launch", .rejected))
        _ = try await outbox.recordReceipt(receipt(phone, of: "launch", .delivered, at: now + 9))
        _ = try await outbox.recordReceipt(receipt(phone, of: "launch", .delivered, at: now + 10))
        let launch = try #require(try await outbox.only(BroadcastFilter(message: "launch")))
        #expect(launch.handset.delivered == 1 && launch.handset.rejected == 0 && launch.handset.reported == 1)
    }

    @Test(arguments: OutboxBackends.all)
    func aReportForNoSMSOfOursChangesNothing(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        try await deliveredTwice(outbox)
        let phone = Campaign.phones[0]
        #expect(try await outbox.recordReceipt(receipt(phone, of: "weekly", .delivered)) == nil)
        #expect(try await outbox.recordReceipt(receipt(phone, of: "launch", .delivered, destination: "jasmin")) == nil)
        #expect(try await outbox.recordReceipt(receipt(phone, of: "launch", .delivered, since: now + 1)) == nil)
        let statuses = try await outbox.broadcastStatuses(.all, limit: 10)
        #expect(statuses.allSatisfy { $0.handset.isEmpty })
    }

    /// SMS accepted with no report are still waiting until 48 h after their
    /// broadcast was due, then unknown: the report will not come.
    @Test(arguments: OutboxBackends.all)
    func smsWithoutAReportBecomeUnknownAfterTheWait(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        try await deliveredTwice(outbox)
        _ = try await outbox.recordReceipt(receipt(Campaign.phones[0], of: "launch", .delivered))
        let launch = try #require(try await outbox.only(BroadcastFilter(message: "launch")))
        #expect(launch.unreported(now: now + HandsetOutcome.reportWaitSeconds - 1) == (waiting: 2, unknown: 0))
        #expect(launch.unreported(now: now + HandsetOutcome.reportWaitSeconds) == (waiting: 0, unknown: 2))
    }

    @Test(arguments: OutboxBackends.all)
    func handsetCountsOutliveTheLog(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        try await deliveredTwice(outbox)
        _ = try await outbox.recordReceipt(receipt(Campaign.phones[0], of: "launch", .delivered))
        while try await outbox.pruneLog(before: now + 3_600, limit: 2) > 0 {}
        #expect(try await outbox.log(LogQuery()).isEmpty)
        let launch = try #require(try await outbox.only(BroadcastFilter(message: "launch")))
        #expect(launch.handset.delivered == 1)
    }
}
