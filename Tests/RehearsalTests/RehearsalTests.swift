import CivilDate
import Delivery
import Rehearsal
import Testing

/// The rehearsal on campaigns small enough to work out by hand: what the
/// daemon's rules make of a rate, a quiet window, a spill into a capped day
/// and retries.
struct RehearsalTests {
    let tenAM = RehearsalFixture.tenAM

    @Test func twoThousandPeopleAtTwentyPerSecondFinishOneHundredSecondsAfterTheFirstSend() throws {
        let rehearsal = try RehearsalFixture.withCampaign(people: 2000, messages: [("launch", "2021-03-01 10:00")]) {
            Rehearsal.run([$0], destinations: RehearsalFixture.gateway(perSecond: 20))
        }
        let row = try #require(rehearsal.rows.first)
        #expect(rehearsal.finished && rehearsal.scale == 1)
        #expect(row.people == 2000 && row.sent == 2000 && row.capped == 0)
        #expect(row.firstSend == tenAM)
        // A token every 50 ms: the 2,000th send is handed over 1999 × 0.05 = 99.95 s after the first.
        #expect(row.lastSend == tenAM + 99)
        #expect(row.quietPausedSeconds == 0 && row.spillDays.isEmpty)
        #expect(rehearsal.warnings.isEmpty)
    }

    @Test func aQuietWindowInTheMiddlePausesTheBroadcastUntilItsEnd() throws {
        let rehearsal = try RehearsalFixture.withCampaign(people: 2000, messages: [("launch", "2021-03-01 10:00")],
                                                          campaignLines: "    quiet       10:01-10:02 for sms\n") {
            Rehearsal.run([$0], destinations: RehearsalFixture.gateway(perSecond: 20))
        }
        let row = try #require(rehearsal.rows.first)
        // 60 s of sending (1,200 sends at 0…59.95 s), 60 s quiet, then 800 more from 10:02:00: the last at 39.95 s.
        #expect(row.sent == 2000)
        #expect(row.quietStart == tenAM + 60)
        #expect(row.quietPausedSeconds == 60)
        #expect(row.lastSend == tenAM + 120 + 39)
        let warning = try #require(rehearsal.warnings.first)
        #expect(warning.kind == .quietHours && warning.message == "launch")
        // 2,000 people in the 60 s before the window: 34/s, where sim has 20/s.
        #expect(warning.description.contains("Capacity needed to finish by 2021-03-01 10:01: 34/s (sim has 20/s)"))
    }

    @Test func aSpillIntoTheNextDayCountsAgainstItsCapAndSkipsTheNextMessagesPeopleExactly() throws {
        let rehearsal = try RehearsalFixture.withCampaign(
            people: 2000, messages: [("launch", "2021-03-01 23:59"), ("follow-up", "2021-03-02 10:00")],
            campaignLines: "    cap         sms 1 per day\n") {
            Rehearsal.run([$0], destinations: RehearsalFixture.gateway(perSecond: 20))
        }
        let launch = try #require(rehearsal.rows.first { $0.message == "launch" })
        let followUp = try #require(rehearsal.rows.first { $0.message == "follow-up" })
        // 23:59:00 to 23:59:59.95 is 1,200 sends; the other 800 go out after midnight, on 2021-03-02.
        let march2 = try #require(LocalDate(year: 2021, month: 3, day: 2))
        #expect(launch.sent == 2000)
        #expect(launch.spillDays == [march2])
        #expect(launch.sendsByDay[march2] == 800)
        // Those 800 already had their SMS of 2021-03-02: the follow-up skips exactly them.
        #expect(followUp.capped == 800 && followUp.sent == 1200)
        #expect(rehearsal.warnings.contains { $0.kind == .capCollision && $0.message == "follow-up" })
        // The gateway's busy hours each day, in the campaign's zone.
        #expect(rehearsal.days.map(\.busyText) == ["23–24", "00–01, 10–11"])
        #expect(rehearsal.days.map(\.busyHourCount) == [1, 2])
        // The region tree: its one region's people, and the SMS it was sent (the capped ones were not).
        let region = try #require(rehearsal.regions.first)
        #expect(rehearsal.regions.count == 1 && region.path.description == "test" && region.displayName == "测试区")
        #expect(region.people == 2000 && !region.estimated)
        #expect(region.smsSent == 2000 + 1200 && region.webhookPosts == 0)
    }

    @Test func aFailureShareWithRetriesLengthensTheBroadcastAsTheRetryPolicySays() throws {
        // Every 10th attempt fails; a failed one is tried again 30 s later, at most 3 attempts.
        let retry = RetryPolicy(attempts: 3, maxAge: 3600, backoff: .schedule(steps: [30], jitter: 0))
        let rehearsal = try RehearsalFixture.withCampaign(people: 2000, messages: [("launch", "2021-03-01 10:00")]) {
            Rehearsal.run([$0], destinations: RehearsalFixture.gateway(perSecond: 20, retry: retry),
                          options: Rehearsal.Options(failureShare: 0.1))
        }
        let row = try #require(rehearsal.rows.first)
        let attempts = row.sendsByDay.values.reduce(0, +)
        // Each person ends delivered or given up after their third attempt; every failure
        // but those is one more attempt: about 2,000 + 200 + 20 at 10 %.
        #expect(row.sent + row.dead == 2000)
        let failures = attempts - 2000 + row.dead
        #expect(attempts > 2150 && attempts < 2300, "\(attempts) attempts")
        #expect(row.dead <= failures / 10 + 3)
        let duration = try #require(row.durationSeconds)
        // The rate alone needs (attempts − 1) × 0.05 s; a delivery failing twice near the end
        // comes back twice 30 s later (30.15 s after each start, with the 150 ms latency).
        let stream = Int64(Double(attempts - 1) * 0.05)
        #expect(duration >= stream && duration <= stream + 61, "\(duration) s for \(attempts) attempts")
        #expect(duration > 100, "failures lengthen it past the 99.95 s of the first attempts")
    }

    @Test func peopleOnTheOptOutFileAreSkippedAndTakeNoTimeOfTheGateway() throws {
        let rehearsal = try RehearsalFixture.withCampaign(people: 2000, messages: [("launch", "2021-03-01 10:00")],
                                                          optOuts: 100) {
            Rehearsal.run([$0], destinations: RehearsalFixture.gateway(perSecond: 20))
        }
        let row = try #require(rehearsal.rows.first)
        #expect(row.optedOut == 100 && row.sent == 1900)
        // 1,900 sends at 20/s: the last 1899 × 0.05 = 94.95 s after the first.
        #expect(row.lastSend == tenAM + 94)
    }

    @Test func numbersOfTheOutboxOptOutTableAreSkippedWithTheFilesOnesCountedOnce() throws {
        // The file has the list's first 100 numbers; the outbox the first 150 (replies and reports).
        var options = Rehearsal.Options()
        options.outboxOptOuts = Set((0..<150).map { String(format: "+86170%08d", $0) })
        let rehearsal = try RehearsalFixture.withCampaign(people: 2000, messages: [("launch", "2021-03-01 10:00")],
                                                          optOuts: 100) {
            Rehearsal.run([$0], destinations: RehearsalFixture.gateway(perSecond: 20), options: options)
        }
        let row = try #require(rehearsal.rows.first)
        #expect(row.optedOut == 150 && row.sent == 1850)
    }

    @Test func aDestinationsMeasuredLatencyBoundsItsConcurrencyWhereTheAssumedOneWouldNot() throws {
        // One request at a time: 100 people take 99 latencies after the first send.
        func lastSend(measured: [String: Double]) throws -> Int64? {
            var options = Rehearsal.Options()
            options.measuredLatency = measured
            let rehearsal = try RehearsalFixture.withCampaign(people: 100, messages: [("launch", "2021-03-01 10:00")]) {
                Rehearsal.run([$0], destinations: RehearsalFixture.gateway(perSecond: 1000, concurrency: 1), options: options)
            }
            return rehearsal.rows.first?.lastSend
        }
        #expect(try lastSend(measured: [:]) == tenAM + 14)  // 99 × 150 ms
        #expect(try lastSend(measured: ["sim": 0.5]) == tenAM + 49)  // 99 × 500 ms
        #expect(try lastSend(measured: ["other": 0.5]) == tenAM + 14)
    }

    @Test func aScaledDownRunFinishesAtTheSameTimes() throws {
        let (full, scaled) = try RehearsalFixture.withCampaign(
            people: 2000, messages: [("launch", "2021-03-01 10:00")], campaignLines: "    quiet       10:01-10:02 for sms\n") {
            (Rehearsal.run([$0], destinations: RehearsalFixture.gateway(perSecond: 20)),
             Rehearsal.run([$0], destinations: RehearsalFixture.gateway(perSecond: 20), options: Rehearsal.Options(scale: 10)))
        }
        let (a, b) = (try #require(full.rows.first), try #require(scaled.rows.first))
        #expect(scaled.scale == 10 && b.sent == 2000)
        #expect(abs((a.lastSend ?? 0) - (b.lastSend ?? 0)) <= 1)
        #expect(a.quietPausedSeconds == b.quietPausedSeconds)
    }
}
