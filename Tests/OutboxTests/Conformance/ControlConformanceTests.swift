import Outbox
import Testing

/// `ControlOutbox`: pauses by message and campaign, cancels that leave what is
/// in flight, and retries of only the dead asked for. Two inline SMS messages
/// of three numbers each are enqueued first.
struct ControlConformanceTests {
    let now = Campaign.launch

    func enqueued(_ backend: BackendFactory) async throws -> any OutboxBackend {
        let outbox = try await Subject(backend).outbox
        _ = try await outbox.enqueue([Campaign.sms(message: "launch"), Campaign.sms(message: "reminder")], now: 0)
        return outbox
    }

    func leasedMessages(_ outbox: any OutboxBackend) async throws -> Set<String> {
        Set(try await outbox.lease(Campaign.request()).map(\.key.message))
    }

    @Test(arguments: OutboxBackends.all)
    func aPausedMessageIsNotLeasedUntilResumed(_ backend: BackendFactory) async throws {
        let outbox = try await enqueued(backend)
        #expect(try await outbox.pause(campaign: Campaign.name, message: "launch", now: now))
        #expect(try await !outbox.pause(campaign: Campaign.name, message: "launch", now: now))
        #expect(try await leasedMessages(outbox) == ["reminder"])
        #expect(try await outbox.broadcastStatuses(BroadcastFilter(message: "launch"), limit: 10).first?.paused == true)
        #expect(try await outbox.resume(campaign: Campaign.name, message: "launch"))
        #expect(try await leasedMessages(outbox) == ["launch"])
        #expect(try await !outbox.resume(campaign: Campaign.name, message: "launch"))
    }

    @Test(arguments: OutboxBackends.all)
    func aPausedCampaignCoversBroadcastsEnqueuedLater(_ backend: BackendFactory) async throws {
        let outbox = try await enqueued(backend)
        _ = try await outbox.pause(campaign: Campaign.name, message: nil, now: now)
        _ = try await outbox.enqueue([StatusConformanceTests.webhook()], now: now)
        #expect(try await outbox.lease(Campaign.request()).isEmpty)
        #expect(try await StatusConformanceTests.leaseWebhook(outbox).isEmpty)
        #expect(try await outbox.nextDueTime() == nil)
        // Resuming one message does not lift the campaign's pause.
        #expect(try await !outbox.resume(campaign: Campaign.name, message: "launch"))
        #expect(try await outbox.pauses().map(\.message) == [nil])
        _ = try await outbox.resume(campaign: Campaign.name, message: nil)
        #expect(try await leasedMessages(outbox) == ["launch", "reminder"])
    }

    @Test(arguments: OutboxBackends.all)
    func cancelStopsWhatIsNotSentAndLeavesTheRest(_ backend: BackendFactory) async throws {
        let outbox = try await enqueued(backend)
        let leased = try await outbox.lease(Campaign.request(limit: 1))
        let change = try await outbox.cancel(BroadcastFilter(campaign: Campaign.name), reason: "cancelled by operator")
        #expect(change.broadcasts == 2)
        #expect(change.deliveries == 5)
        #expect(try await outbox.lease(Campaign.request()).isEmpty)
        // The in-flight one finishes; a retry it asks for becomes a cancellation.
        _ = try await outbox.record([Outcome(delivery: leased[0].id, result: .retry(at: now + 5, reason: "http 503"), at: now)], owner: "d")
        let cancelled = try await outbox.broadcastStatuses(.all, limit: 10).reduce(Int64(0)) { $0 + $1.counts.cancelled }
        #expect(cancelled == 6)
        #expect(try await outbox.cancel(.all, reason: "again").isEmpty)
    }

    @Test(arguments: OutboxBackends.all)
    func cancelOfAListedBroadcastCountsItsUnreadRecipients(_ backend: BackendFactory) async throws {
        let outbox = try await enqueued(backend)
        let list = (0..<100).map { "+86139" + String(format: "%08d", $0) }
        _ = try await outbox.enqueue([Campaign.listed("synthetic", region: "jiangxi", count: 100)], now: 0)
        _ = try await outbox.lease(Campaign.request(limit: 46, source: Lists(["synthetic": list])))
        _ = try await outbox.cancel(BroadcastFilter(region: "jiangxi"), reason: "removed")
        let status = try #require(try await outbox.only(BroadcastFilter(region: "jiangxi")))
        #expect(status.state == .cancelled)
        #expect(status.counts.total == 100)
        #expect(status.counts.cancelled + status.counts.inFlight == 100)
        #expect(status.counts.inFlight == 40)
    }

    @Test(arguments: OutboxBackends.all)
    func retryBringsBackOnlyTheDeadItIsAskedFor(_ backend: BackendFactory) async throws {
        let outbox = try await enqueued(backend)
        let leases = try await outbox.lease(Campaign.request())
        _ = try await outbox.record(leases.map { Outcome(delivery: $0.id, result: .dead(reason: "http 401"), at: now) }, owner: "d")
        #expect(try await outbox.retryDead(BroadcastFilter(message: "reminder", channel: "webhook"), now: now) == 0)
        #expect(try await outbox.retryDead(BroadcastFilter(message: "reminder", region: "nanchang", channel: "sms"), now: now + 10) == 3)
        let again = try await outbox.lease(Campaign.request(now: now + 10))
        #expect(again.count == 3 && again.allSatisfy { $0.key.message == "reminder" && $0.attempt == 2 })
        #expect(try await outbox.retryDead(.all, now: now) == 3)
    }

    /// After a gateway came back, `retry --now`: what waits out a backoff is due at
    /// once, keeps its attempt count, and only what the filter names moves.
    @Test(arguments: OutboxBackends.all)
    func retryWaitingBringsBackedOffDeliveriesForwardKeepingTheirAttempts(_ backend: BackendFactory) async throws {
        let outbox = try await enqueued(backend)
        let leases = try await outbox.lease(Campaign.request())
        _ = try await outbox.record(leases.map { Outcome(delivery: $0.id, result: .retry(at: now + 3_600, reason: "http 503"), at: now) },
                                    owner: "d")
        #expect(try await outbox.lease(Campaign.request(now: now + 10)).isEmpty)
        #expect(try await outbox.retryWaiting(BroadcastFilter(message: "reminder"), now: now + 10) == 3)
        #expect(try await outbox.retryWaiting(BroadcastFilter(message: "reminder"), now: now + 10) == 0)
        let again = try await outbox.lease(Campaign.request(now: now + 10))
        #expect(again.count == 3 && again.allSatisfy { $0.key.message == "reminder" && $0.attempt == 2 })
        #expect(try await outbox.nextDueTime() == now + 3_600)
        // Nothing dead was touched, and a cancelled broadcast's waits stay as they are.
        #expect(try await outbox.retryDead(.all, now: now + 10) == 0)
        _ = try await outbox.cancel(BroadcastFilter(message: "launch"), reason: "removed")
        #expect(try await outbox.retryWaiting(.all, now: now + 20) == 0)
    }
}
