import Foundation
import Loading
import Outbox
@testable import OutboxSQLite
import Testing
@testable import Control

/// pause, resume, cancel and send aimed at the loaded schedule, before or
/// after an occurrence reaches the outbox; each says what it changed and exits
/// 1 when it changed nothing.
struct ScheduleControlTests {
    let fixture: ScheduleControlFixture


    init() throws {
        fixture = try ScheduleControlFixture()
    }

    @Test func theScheduleIsReadWithoutTheGatewaysSecrets() {
        #expect(fixture.schedule.campaignNames == ["drill"])
        #expect(fixture.schedule.messageNames(campaign: "drill") == ["broadcast", "tip"])
        #expect(fixture.schedule.regionNames(campaign: "drill") == ["test", "other"])
    }

    /// At census scale the province's lists are tens of millions of lines: a
    /// `pause` that counted them first would make the operator wait seconds.
    @Test func theScheduleIsReadWithoutCountingThePhoneLists() throws {
        #expect(fixture.schedule.campaign("drill")?.plan.recipients == [nil, nil])
        let counted = CampaignLoader.load(schedulePaths: [fixture.folder + "/campaign.schedule"], configuration: nil)
        #expect(counted.campaigns.first?.plan.recipients == [2, 1])
    }

    @Test func aMessageNotYetInTheOutboxCanBePausedAndGoesInPaused() async throws {
        let now = ScheduleControlFixture.first - 120
        let outcome = try await Controls.pause(try await fixture.target("broadcast"), in: try fixture.backend,
                                               schedule: fixture.schedule, now: now)
        #expect(outcome == .success("paused message 'broadcast' of campaign 'drill': 0 broadcasts, 0 deliveries waiting; "
            + "occurrences to come are paused too (next: 2021-03-01 10:00 +08:00)"))
        try fixture.outbox.enqueue(ScheduleControlFixture.due("broadcast", at: ScheduleControlFixture.first) + ScheduleControlFixture.due("tip", at: ScheduleControlFixture.tip, regions: ["test"]), now: now + 60)
        let leased = try fixture.outbox.leaseDue(now: ScheduleControlFixture.tip, limit: 100, owner: "daemon", leaseSeconds: 300, channel: nil)
        #expect(Set(leased.map(\.key.message)) == ["tip"])
        #expect(try await Controls.resume(try await fixture.target("broadcast"), in: try fixture.backend).succeeded)
        #expect(try fixture.outbox.leaseDue(now: ScheduleControlFixture.tip, limit: 100, owner: "daemon", leaseSeconds: 300, channel: nil).count == 3)
    }

    @Test func aPauseCanBeNarrowedToARegionAndADayAndIsLiftedTheSameWay() async throws {
        let now = ScheduleControlFixture.first - 120
        let target = try await ControlTargetOptions.target(message: "broadcast", campaign: nil, region: "other", from: "2021-03-02",
                                                           to: nil, in: try fixture.backend, schedule: fixture.schedule, now: now)
        let outcome = try await Controls.pause(target, in: try fixture.backend, schedule: fixture.schedule, now: now)
        #expect(outcome.text.hasSuffix("occurrences to come are paused too (next: 2021-03-02 10:00 +08:00)"), "\(outcome.text)")
        let status = await StatusCommand.outcome(outbox: try fixture.backend, path: "outbox", now: now, json: false, bars: false,
                                                 display: OperateFixture.shanghai, schedule: fixture.schedule)
        #expect(status.text.contains("  2021-03-01 10:00 +08:00  drill/broadcast  (in 2m)\n"), "\(status.text)")
        #expect(status.text.contains("  2021-03-02 10:00 +08:00  drill/broadcast  (in 1d)  paused in other\n"), "\(status.text)")
        #expect(status.text.contains("  drill/broadcast in other, occurrences from 2021-03-02 00:00:00"), "\(status.text)")
        // The first day goes out everywhere; on the second, 'other' waits.
        try fixture.outbox.enqueue(ScheduleControlFixture.due("broadcast", at: ScheduleControlFixture.first)
                                   + ScheduleControlFixture.due("broadcast", at: ScheduleControlFixture.second), now: now)
        let leased = try fixture.outbox.leaseDue(now: ScheduleControlFixture.second, limit: 100, owner: "daemon", leaseSeconds: 300, channel: nil)
        #expect(leased.filter { $0.key.occurrence == ScheduleControlFixture.second }.map(\.key.region) == ["test", "test"])
        #expect(leased.filter { $0.key.occurrence == ScheduleControlFixture.first }.count == 3)
        #expect(try await Controls.resume(target, in: try fixture.backend).succeeded)
        #expect(try fixture.outbox.pauses().isEmpty)
    }

    @Test func aFinishedMessageWithNothingAheadCannotBePaused() async throws {
        let outcome = try await Controls.pause(try await fixture.target("tip"), in: try fixture.backend,
                                               schedule: fixture.schedule, now: ScheduleControlFixture.second + 3600)
        #expect(outcome == .failure("nothing to pause: message 'tip' of campaign 'drill' has nothing left to send and no later occurrence in the schedule"))
        #expect(try fixture.outbox.pauses().isEmpty)
    }

    @Test func namesAreCheckedAgainstTheScheduleWithDidYouMean() async throws {
        await #expect(throws: OperateError("campaign 'drill' has no message 'braodcast' in the schedule or the outbox; did you mean 'broadcast'?")) {
            _ = try await fixture.target("braodcast")
        }
        await #expect(throws: OperateError("campaign 'drill' has no region 'tesst' in the schedule or the outbox; did you mean 'test'?")) {
            _ = try await fixture.target("broadcast", region: "tesst")
        }
    }

    @Test func cancelAheadOfOneRegionAndDayGoesInCancelledWhenDue() async throws {
        let now = ScheduleControlFixture.first - 3600
        var target = try await fixture.target("broadcast", region: "test")
        target.from = ScheduleControlFixture.second - 3600
        let outcome = try await Controls.cancel(target, reason: "drill moved", in: try fixture.backend, schedule: fixture.schedule, now: now)
        #expect(outcome.succeeded)
        #expect(outcome.text.hasSuffix("1 later occurrence (2021-03-02 10:00 +08:00) recorded as cancelled when due"), "\(outcome.text)")
        // The first day is untouched; on the second, 'test' goes in cancelled and 'other' is sent.
        try fixture.outbox.enqueue(ScheduleControlFixture.due("broadcast", at: ScheduleControlFixture.first) + ScheduleControlFixture.due("broadcast", at: ScheduleControlFixture.second), now: ScheduleControlFixture.second - 60)
        let leased = try fixture.outbox.leaseDue(now: ScheduleControlFixture.second, limit: 100, owner: "daemon", leaseSeconds: 300, channel: nil)
        #expect(leased.filter { $0.key.occurrence == ScheduleControlFixture.second }.map(\.key.region) == ["other"])
        #expect(leased.filter { $0.key.occurrence == ScheduleControlFixture.first }.count == 3)
        let cancelled = try fixture.outbox.occurrenceStatuses(BroadcastFilter(occurrence: ScheduleControlFixture.second))
        #expect(cancelled.first?.counts.cancelled == 2)
        // Asked again, nothing changes.
        let again = try await Controls.cancel(target, reason: "drill moved", in: try fixture.backend, schedule: fixture.schedule, now: now)
        #expect(again.exitCode == 1)
    }

    @Test func aRangeIsReadInTheCampaignsZoneAndMustHoldSomething() async throws {
        let now = ScheduleControlFixture.first - 3600
        let target = try await ControlTargetOptions.target(message: "broadcast", campaign: nil, region: nil, from: "2021-03-02", to: "2021-03-03",
                                                    in: try fixture.backend, schedule: fixture.schedule, now: now)
        #expect(target.from == ScheduleControlFixture.second - 36_000)
        #expect(target.description == "message 'broadcast' of campaign 'drill' (from 2021-03-02 00:00:00 +08:00 before 2021-03-03 00:00:00 +08:00)")
        await #expect(throws: OperateError("--from 2021-03-03 is not before --to 2021-03-02: the range holds no occurrence")) {
            _ = try await ControlTargetOptions.target(message: "broadcast", campaign: nil, region: nil, from: "2021-03-03", to: "2021-03-02",
                                               in: try fixture.backend, schedule: fixture.schedule, now: now)
        }
    }

    @Test func anOccurrenceAlreadyEnqueuedIsCancelledInTheOutboxNotAhead() async throws {
        let now = ScheduleControlFixture.first - 50
        try fixture.outbox.enqueue(ScheduleControlFixture.due("broadcast", at: ScheduleControlFixture.first), now: now)
        let outcome = try await Controls.cancel(try await fixture.target("broadcast"), reason: "x", in: try fixture.backend,
                                                schedule: fixture.schedule, now: now)
        #expect(outcome == .success("cancelled message 'broadcast' of campaign 'drill': 1 broadcast (2 parts), 3 deliveries that had not been sent; "
            + "1 later occurrence (2021-03-02 10:00 +08:00) recorded as cancelled when due"))
    }

    @Test func cancellingAFinishedMessageChangesNothing() async throws {
        try fixture.outbox.enqueue(ScheduleControlFixture.due("tip", at: ScheduleControlFixture.tip, regions: ["test"]), now: ScheduleControlFixture.tip)
        let leases = try fixture.outbox.leaseDue(now: ScheduleControlFixture.tip, limit: 100, owner: "daemon", leaseSeconds: 300, channel: nil)
        try fixture.outbox.record(leases.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: ScheduleControlFixture.tip + 1) },
                                  owner: "daemon")
        let outcome = try await Controls.cancel(try await fixture.target("tip"), reason: "x", in: try fixture.backend,
                                                schedule: fixture.schedule, now: ScheduleControlFixture.tip + 60)
        #expect(outcome.exitCode == 1)
        #expect(outcome.text.hasPrefix("nothing to cancel"))
        #expect(try fixture.outbox.occurrenceStatuses(BroadcastFilter(message: "tip")).first?.counts.delivered == 2)
    }

    @Test func aMissedOccurrenceIsSentOnPurposeOnce() async throws {
        let missed = BroadcastFilter(campaign: "drill", message: "broadcast", occurrence: ScheduleControlFixture.first, started: false)
        _ = try await fixture.backend.enqueue(ScheduleControlFixture.due("broadcast", at: ScheduleControlFixture.first), closingMissed: [missed], now: ScheduleControlFixture.first + 7200)
        let target = try await fixture.target("broadcast")
        let shown = try Controls.scheduledOccurrence(target, at: ScheduleControlFixture.first, in: fixture.schedule)
        #expect(shown == "2021-03-01 10:00 +08:00")
        let outcome = try await Controls.sendMissed(target, occurrence: ScheduleControlFixture.first, shown: shown, in: try fixture.backend, now: ScheduleControlFixture.first + 7300)
        #expect(outcome == .success("sending message 'broadcast' of campaign 'drill' of 2021-03-01 10:00 +08:00 on purpose: "
            + "1 broadcast (2 parts) due now; nobody already reached is sent it again"))
        #expect(try fixture.outbox.leaseDue(now: ScheduleControlFixture.first + 7300, limit: 100, owner: "daemon", leaseSeconds: 300, channel: nil).count == 3)
        let again = try await Controls.sendMissed(target, occurrence: ScheduleControlFixture.first, shown: shown, in: try fixture.backend, now: ScheduleControlFixture.first + 7400)
        #expect(again.exitCode == 1)
        #expect(again.text.contains("was not skipped as missed while down"))
        #expect(throws: OperateError("message 'broadcast' of campaign 'drill' has no occurrence then; the nearest: 2021-03-01 10:00 +08:00, 2021-03-02 10:00 +08:00")) {
            try Controls.scheduledOccurrence(target, at: ScheduleControlFixture.first + 3600, in: fixture.schedule)
        }
    }

    @Test func statusShowsWhatIsNextBeforeItIsInTheOutboxWithItsMarks() async throws {
        let now = ScheduleControlFixture.first - 120
        try fixture.outbox.pause(campaign: "drill", message: "broadcast", now: now)
        _ = try await fixture.backend.cancelAhead([CancelAhead(campaign: "drill", message: "tip", occurrence: ScheduleControlFixture.tip, region: nil,
                                                               reason: "x")], now: now)
        let outcome = await StatusCommand.outcome(outbox: try fixture.backend, path: "outbox", now: now, json: false, bars: false,
                                                  display: OperateFixture.shanghai, schedule: fixture.schedule)
        #expect(outcome.text.contains("""
            Next from the schedule
              2021-03-01 10:00 +08:00  drill/broadcast  (in 2m)  paused
              2021-03-01 12:00 +08:00  drill/tip  (in 2h 2m)  cancelled
              2021-03-02 10:00 +08:00  drill/broadcast  (in 1d)  paused
            """), "\(outcome.text)")
    }

    /// With a config that reads whole, each next occurrence carries the finish the
    /// rehearsal predicts through the gateway's rate; the unreadable password of the
    /// fixture's own config leaves them out (the controls above need no secret).
    @Test func statusShowsTheRehearsedFinishOfWhatIsNext() async throws {
        let now = ScheduleControlFixture.first - 120
        let readable = fixture.folder + "/readable.conf"
        try ScheduleControlFixture.config.replacingOccurrences(of: "password secret:unreadable", with: "password pa55\n    rate 1/min")
            .write(toFile: readable, atomically: true, encoding: .utf8)
        let inputs = try RehearsalInputs.read(config: readable).get()
        let outcome = await StatusCommand.outcome(outbox: try fixture.backend, path: "outbox", now: now, json: true, bars: false,
                                                  display: OperateFixture.shanghai, schedule: fixture.schedule, rehearsal: inputs)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.text.utf8)) as? [String: Any])
        let next = try #require(object["next"] as? [[String: Any]])
        let finishes = next.map { $0["rehearsedFinish"] as? String }
        #expect(next.map { $0["message"] as? String } == ["broadcast", "tip", "broadcast"])
        // Three people at one a minute from 10:00; two more at 12:00; the second day's three again.
        #expect(finishes == ["2021-03-01T02:02:00Z", "2021-03-01T04:01:00Z", "2021-03-02T02:02:00Z"], "\(next)")
        let text = await StatusCommand.outcome(outbox: try fixture.backend, path: "outbox", now: now, json: false, bars: false,
                                               display: OperateFixture.shanghai, schedule: fixture.schedule, rehearsal: inputs).text
        #expect(text.contains("2021-03-01 10:00 +08:00  drill/broadcast  (in 2m)  rehearsed to finish 2021-03-01 10:02:00 +08:00"),
                "\(text)")
        #expect((try? RehearsalInputs.read(config: fixture.configPath).get()) == nil, "the fixture's password cannot be read")
    }

    @Test func everyControlIsRecordedAndShownByLogAndStatus() async throws {
        let backend = try fixture.backend
        let now = ScheduleControlFixture.first - 120
        let target = try await fixture.target("broadcast")
        _ = await ControlAudit.recorded("pause", target: "broadcast", in: backend, now: now, user: "li.wei") {
            try await Controls.pause(target, in: backend, schedule: fixture.schedule, now: now)
        }
        _ = await ControlAudit.recorded("pause", target: "broadcast", in: backend, now: now + 5, user: "li.wei") {
            try await Controls.pause(target, in: backend, schedule: fixture.schedule, now: now + 5)
        }
        let records = try await backend.controlRecords(limit: 10)
        #expect(records.map(\.changed) == [false, true])
        #expect(records.allSatisfy { $0.user == "li.wei" && $0.command == "pause" && $0.target == "broadcast" })
        let log = await LogCommand.outcome(outbox: backend, filters: try LogCommand.parse(["--controls"]), now: now + 10,
                                           display: OperateFixture.shanghai)
        #expect(log.text.contains("2021-03-01 09:58:05 +08:00  li.wei  pause broadcast  no"), "\(log.text)")
        #expect(log.text.contains("paused message 'broadcast' of campaign 'drill'"))
        let status = await StatusCommand.outcome(outbox: backend, path: "outbox", now: now + 10, json: false, bars: false,
                                                 display: OperateFixture.shanghai)
        #expect(status.text.contains("Latest controls"))
        #expect(status.text.contains("li.wei"))
    }

    @Test func theInvokingUserIsWhoeverRanSudo() {
        #expect(ControlAudit.invokingUser(environment: ["SUDO_USER": "li.wei"], uid: 0) == "li.wei")
        #expect(ControlAudit.invokingUser(environment: [:], uid: 0) == "root")
        #expect(ControlAudit.typedTarget(["broadcastctl", "pause", "--config", "/etc/b.conf", "launch", "--state=/s"]) == "launch")
    }
}
