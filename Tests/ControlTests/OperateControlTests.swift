import Outbox
@testable import OutboxSQLite
import Testing
@testable import Control

/// pause, resume, cancel and retry against a real outbox: what each changes,
/// what it says, and that the daemon's next lease sees it.
struct OperateControlTests {
    let fixture: OperateFixture
    let now = OperateFixture.launch

    init() throws {
        fixture = try OperateFixture()
        try fixture.enqueueCampaign()
    }

    func target(_ message: String?, campaign: String? = nil, allowingUnknownMessage: Bool = false) async throws -> ControlTarget {
        try await ControlTarget.resolve(campaign: campaign, message: message, in: try fixture.backend, allowingUnknownMessage: allowingUnknownMessage)
    }

    @Test func pauseStopsLeasingAndSaysHowMuchWaits() async throws {
        let outcome = try await Controls.pause(try await target("launch"), in: try fixture.backend, now: now)
        #expect(outcome == .success("paused message 'launch' of campaign 'chunfeng': 1 broadcast (3 parts), 21 deliveries waiting"))
        #expect(try fixture.lease(at: now).isEmpty)
        let again = try await Controls.pause(try await target("launch"), in: try fixture.backend, now: now)
        #expect(again == .failure("message 'launch' of campaign 'chunfeng': 1 broadcast (3 parts), 21 deliveries waiting; it was already paused, nothing changed"))
    }

    @Test func resumeLetsTheNextLeaseHaveThem() async throws {
        try await Controls.pause(try await target("launch"), in: try fixture.backend, now: now).expectSuccess()
        let outcome = try await Controls.resume(try await target("launch"), in: try fixture.backend)
        #expect(outcome == .success("resumed message 'launch' of campaign 'chunfeng': 1 broadcast (3 parts), 21 deliveries waiting"))
        #expect(try fixture.lease(at: now).count == 21)
        #expect(try await Controls.resume(try await target("launch"), in: try fixture.backend)
            == .failure("nothing to resume: message 'launch' of campaign 'chunfeng' was not paused"))
    }

    @Test func aPauseOutlivingItsMessageCanBeResumedButATypoCannot() async throws {
        try fixture.outbox.pause(campaign: "chunfeng", message: "removed-tip", now: now)
        #expect(try await Controls.resume(try await target("removed-tip", allowingUnknownMessage: true), in: try fixture.backend)
            == .success("resumed message 'removed-tip' of campaign 'chunfeng': 0 broadcasts, 0 deliveries waiting"))
        #expect(try await Controls.resume(try await target("removed-tpi", allowingUnknownMessage: true), in: try fixture.backend)
            == .failure("nothing to resume: message 'removed-tpi' of campaign 'chunfeng' is not paused and has no broadcasts in the outbox"))
    }

    @Test func aMessageCannotBeResumedInsideAPausedCampaign() async throws {
        try await Controls.pause(try await target(nil, campaign: "chunfeng"), in: try fixture.backend, now: now).expectSuccess()
        let outcome = try await Controls.resume(try await target("launch"), in: try fixture.backend)
        #expect(outcome.exitCode == 1)
        #expect(outcome.text.contains("paused with its whole campaign; to resume everything: broadcastctl resume --campaign chunfeng"))
        #expect(try fixture.lease(at: now).isEmpty)
    }

    @Test func resumingACampaignNamesMessagesStillPausedOnTheirOwn() async throws {
        try await Controls.pause(try await target("weekly-tip"), in: try fixture.backend, now: now).expectSuccess()
        try await Controls.pause(try await target(nil, campaign: "chunfeng"), in: try fixture.backend, now: now).expectSuccess()
        let outcome = try await Controls.resume(try await target(nil, campaign: "chunfeng"), in: try fixture.backend)
        #expect(outcome.text.hasSuffix("; still paused on their own: 'weekly-tip'"))
    }

    @Test func largeCountsAreGroupedAndUnknownLengthsSaidToBeALowerBound() async throws {
        try fixture.outbox.enqueue([NewBroadcast(key: BroadcastKey(campaign: "chunfeng", message: "province", occurrence: now,
                                                                   region: "jiangxi", channel: "sms", audience: "list"),
                                                 destination: "kannel", text: "t", dueAt: now, recipients: .list("jiangxi", count: 1_204)),
                                    NewBroadcast(key: BroadcastKey(campaign: "chunfeng", message: "province", occurrence: now,
                                                                   region: "ganzhou", channel: "sms", audience: "list"),
                                                 destination: "kannel", text: "t", dueAt: now, recipients: .list("ganzhou", count: nil))],
                                   now: now)
        let outcome = try await Controls.pause(try await target("province"), in: try fixture.backend, now: now)
        #expect(outcome.text == "paused message 'province' of campaign 'chunfeng': 1 broadcast (2 parts), at least 1,204 deliveries waiting")
    }

    @Test func cancelClosesWhatWaitsAndLetsInFlightSendsFinish() async throws {
        let leased = try fixture.lease(at: now, limit: 5, channel: "sms")
        let outcome = try await Controls.cancel(try await target("launch"), reason: "cancelled by operator", in: try fixture.backend)
        #expect(outcome == .success("cancelled message 'launch' of campaign 'chunfeng': 1 broadcast (3 parts), 16 deliveries that had not been sent; 5 in flight will finish"))
        try fixture.record(leased, .delivered(gatewayMessageID: nil), at: now + 1)
        let status = try #require(try fixture.outbox.occurrenceStatuses(BroadcastFilter(message: "launch")).first)
        #expect(status.counts.cancelled == 16 && status.counts.delivered == 5)
        let again = try await Controls.cancel(try await target("launch"), reason: "x", in: try fixture.backend)
        #expect(again == .failure("nothing to cancel: message 'launch' of campaign 'chunfeng' has 1 broadcast (3 parts), each already finished, cancelled or skipped"))
    }

    @Test func retryBringsDeadDeliveriesBackFilteredByRegion() async throws {
        let leased = try fixture.lease(at: now, channel: "sms")
        try fixture.record(leased, .dead(reason: "http 400"), at: now)
        let nanchang = try await ControlTarget.resolve(campaign: nil, message: "launch", region: "nanchang", in: try fixture.backend)
        let outcome = try await Controls.retry(nanchang, in: try fixture.backend, now: now + 60)
        #expect(outcome == .success("retrying message 'launch' of campaign 'chunfeng' in region 'nanchang': 10 dead deliveries back to pending"))
        #expect(try fixture.lease(at: now + 60, channel: "sms").map(\.key.region) == Array(repeating: "nanchang", count: 10))
        let none = try await Controls.retry(nanchang, in: try fixture.backend, now: now + 60)
        #expect(none.exitCode == 1 && none.text.hasPrefix("no dead deliveries of message 'launch' of campaign 'chunfeng' in region 'nanchang'"))
    }

    @Test func retryNowSendsWhatWaitsOutABackoffAndSaysSo() async throws {
        let leased = try fixture.lease(at: now, channel: "sms")
        try fixture.record(leased.prefix(3), .dead(reason: "http 400"), at: now)
        try fixture.record(leased.dropFirst(3), .retry(at: now + 3_600, reason: "http 503"), at: now)
        let launch = try await target("launch")
        let outcome = try await Controls.retry(launch, in: try fixture.backend, now: now + 60, waiting: true)
        #expect(outcome == .success("retrying message 'launch' of campaign 'chunfeng': 3 dead deliveries back to pending, "
                                    + "\(leased.count - 3) deliveries waiting out a backoff due now"))
        #expect(try fixture.lease(at: now + 60, channel: "sms").count == leased.count)
        let none = try await Controls.retry(launch, in: try fixture.backend, now: now + 60, waiting: true)
        #expect(none.exitCode == 1 && none.text.hasPrefix("no dead deliveries and none waiting out a backoff of message 'launch'"))
    }

    @Test func unknownNamesAreErrorsThatListWhatExists() async throws {
        await #expect(throws: OperateError("campaign 'chunfeng' has no message 'lanch' in the outbox; did you mean 'launch'?")) {
            try await target("lanch")
        }
        await #expect(throws: OperateError("no campaign 'spring' in the outbox (it holds: chunfeng)")) {
            try await target("launch", campaign: "spring")
        }
        await #expect(throws: OperateError("no broadcasts of message 'launch' of campaign 'chunfeng' in region 'ganzhou' in the outbox")) {
            try await ControlTarget.resolve(campaign: nil, message: "launch", region: "ganzhou", in: try fixture.backend)
        }
    }

    @Test func severalCampaignsNeedCampaign() async throws {
        try fixture.outbox.enqueue([OperateFixture.sms("launch", region: "nanchang", campaign: "autumn")], now: now)
        await #expect(throws: OperateError("the outbox holds several campaigns (autumn, chunfeng); name one with --campaign")) {
            try await target("launch")
        }
        #expect(try await target("launch", campaign: "autumn").filter.campaign == "autumn")
    }

    @Test func anEmptyOutboxHasNothingToControl() async throws {
        let empty = try OperateFixture()
        await #expect(throws: OperateError("the outbox holds no broadcasts yet")) {
            try await ControlTarget.resolve(campaign: nil, message: "launch", in: try empty.backend)
        }
    }
}

extension CommandOutcome {
    func expectSuccess(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(succeeded, "\(text)", sourceLocation: sourceLocation)
    }
}
