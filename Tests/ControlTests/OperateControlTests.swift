import Outbox
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

    func target(_ message: String?, campaign: String? = nil, allowingUnknownMessage: Bool = false) throws -> ControlTarget {
        try ControlTarget.resolve(campaign: campaign, message: message, in: fixture.outbox, allowingUnknownMessage: allowingUnknownMessage)
    }

    @Test func pauseStopsLeasingAndSaysHowMuchWaits() throws {
        let outcome = try Controls.pause(try target("launch"), in: fixture.outbox, now: now)
        #expect(outcome == .success("paused message 'launch' of campaign 'chunfeng': 3 broadcasts, 21 deliveries waiting"))
        #expect(try fixture.lease(at: now).isEmpty)
        let again = try Controls.pause(try target("launch"), in: fixture.outbox, now: now)
        #expect(again == .success("message 'launch' of campaign 'chunfeng': 3 broadcasts, 21 deliveries waiting; it was already paused, nothing changed"))
    }

    @Test func resumeLetsTheNextLeaseHaveThem() throws {
        try Controls.pause(try target("launch"), in: fixture.outbox, now: now).expectSuccess()
        let outcome = try Controls.resume(try target("launch"), in: fixture.outbox)
        #expect(outcome == .success("resumed message 'launch' of campaign 'chunfeng': 3 broadcasts, 21 deliveries waiting"))
        #expect(try fixture.lease(at: now).count == 21)
        #expect(try Controls.resume(try target("launch"), in: fixture.outbox)
            == .success("message 'launch' of campaign 'chunfeng' was not paused; nothing changed"))
    }

    @Test func aPauseOutlivingItsMessageCanBeResumedButATypoCannot() throws {
        try fixture.outbox.pause(campaign: "chunfeng", message: "removed-tip", now: now)
        #expect(try Controls.resume(try target("removed-tip", allowingUnknownMessage: true), in: fixture.outbox)
            == .success("resumed message 'removed-tip' of campaign 'chunfeng': 0 broadcasts, 0 deliveries waiting"))
        #expect(try Controls.resume(try target("removed-tpi", allowingUnknownMessage: true), in: fixture.outbox)
            == .failure("nothing to resume: message 'removed-tpi' of campaign 'chunfeng' is not paused and has no broadcasts in the outbox"))
    }

    @Test func aMessageCannotBeResumedInsideAPausedCampaign() throws {
        try Controls.pause(try target(nil, campaign: "chunfeng"), in: fixture.outbox, now: now).expectSuccess()
        let outcome = try Controls.resume(try target("launch"), in: fixture.outbox)
        #expect(outcome.exitCode == 1)
        #expect(outcome.text.contains("paused with its whole campaign; to resume everything: broadcastctl resume --campaign chunfeng"))
        #expect(try fixture.lease(at: now).isEmpty)
    }

    @Test func resumingACampaignNamesMessagesStillPausedOnTheirOwn() throws {
        try Controls.pause(try target("weekly-tip"), in: fixture.outbox, now: now).expectSuccess()
        try Controls.pause(try target(nil, campaign: "chunfeng"), in: fixture.outbox, now: now).expectSuccess()
        let outcome = try Controls.resume(try target(nil, campaign: "chunfeng"), in: fixture.outbox)
        #expect(outcome.text.hasSuffix("; still paused on their own: 'weekly-tip'"))
    }

    @Test func largeCountsAreGroupedAndUnknownLengthsSaidToBeALowerBound() throws {
        try fixture.outbox.enqueue([NewBroadcast(key: BroadcastKey(campaign: "chunfeng", message: "province", occurrence: now,
                                                                   region: "jiangxi", channel: "sms", audience: "list"),
                                                 destination: "kannel", text: "t", dueAt: now, recipients: .list("jiangxi", count: 1_204)),
                                    NewBroadcast(key: BroadcastKey(campaign: "chunfeng", message: "province", occurrence: now,
                                                                   region: "ganzhou", channel: "sms", audience: "list"),
                                                 destination: "kannel", text: "t", dueAt: now, recipients: .list("ganzhou", count: nil))],
                                   now: now)
        let outcome = try Controls.pause(try target("province"), in: fixture.outbox, now: now)
        #expect(outcome.text == "paused message 'province' of campaign 'chunfeng': 2 broadcasts, at least 1,204 deliveries waiting")
    }

    @Test func cancelClosesWhatWaitsAndLetsInFlightSendsFinish() throws {
        let leased = try fixture.lease(at: now, limit: 5, channel: "sms")
        let outcome = try Controls.cancel(try target("launch"), reason: "cancelled by operator", in: fixture.outbox)
        #expect(outcome == .success("cancelled message 'launch' of campaign 'chunfeng': 3 broadcasts, 16 deliveries that had not been sent; 5 in flight will finish"))
        try fixture.record(leased, .delivered(gatewayMessageID: nil), at: now + 1)
        let status = try #require(try fixture.outbox.occurrenceStatuses(BroadcastFilter(message: "launch")).first)
        #expect(status.counts.cancelled == 16 && status.counts.delivered == 5)
        let again = try Controls.cancel(try target("launch"), reason: "x", in: fixture.outbox)
        #expect(again == .failure("nothing to cancel: every broadcast of message 'launch' of campaign 'chunfeng' (3) is already finished, cancelled or skipped"))
    }

    @Test func retryBringsDeadDeliveriesBackFilteredByRegion() throws {
        let leased = try fixture.lease(at: now, channel: "sms")
        try fixture.record(leased, .dead(reason: "http 400"), at: now)
        let nanchang = try ControlTarget.resolve(campaign: nil, message: "launch", region: "nanchang", in: fixture.outbox)
        let outcome = try Controls.retry(nanchang, in: fixture.outbox, now: now + 60)
        #expect(outcome == .success("retrying message 'launch' of campaign 'chunfeng' in region 'nanchang': 10 dead deliveries back to pending"))
        #expect(try fixture.lease(at: now + 60, channel: "sms").map(\.key.region) == Array(repeating: "nanchang", count: 10))
        let none = try Controls.retry(nanchang, in: fixture.outbox, now: now + 60)
        #expect(none.exitCode == 1 && none.text.hasPrefix("no dead deliveries of message 'launch' of campaign 'chunfeng' in region 'nanchang'"))
    }

    @Test func unknownNamesAreErrorsThatListWhatExists() throws {
        #expect(throws: OperateError("campaign 'chunfeng' has no message 'lanch' in the outbox (its messages there: launch, weekly-tip)")) {
            try target("lanch")
        }
        #expect(throws: OperateError("no campaign 'spring' in the outbox (it holds: chunfeng)")) {
            try target("launch", campaign: "spring")
        }
        #expect(throws: OperateError("no broadcasts of message 'launch' of campaign 'chunfeng' in region 'ganzhou' in the outbox")) {
            try ControlTarget.resolve(campaign: nil, message: "launch", region: "ganzhou", in: fixture.outbox)
        }
    }

    @Test func severalCampaignsNeedCampaign() throws {
        try fixture.outbox.enqueue([OperateFixture.sms("launch", region: "nanchang", campaign: "autumn")], now: now)
        #expect(throws: OperateError("the outbox holds several campaigns (autumn, chunfeng); name one with --campaign")) {
            try target("launch")
        }
        #expect(try target("launch", campaign: "autumn").filter.campaign == "autumn")
    }

    @Test func anEmptyOutboxHasNothingToControl() throws {
        let empty = try OperateFixture()
        #expect(throws: OperateError("the outbox holds no broadcasts yet")) {
            try ControlTarget.resolve(campaign: nil, message: "launch", in: empty.outbox)
        }
    }
}

extension CommandOutcome {
    func expectSuccess(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(succeeded, "\(text)", sourceLocation: sourceLocation)
    }
}
