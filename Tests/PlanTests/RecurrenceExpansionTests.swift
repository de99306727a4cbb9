import Plan
import Schedule
import Testing

struct RecurrenceExpansionTests {
    @Test func atKeepsOnlyMomentsInsideTheWindow() {
        let message = Fixture.message("launch", [.at([Fixture.moment("2021-05-09 09:00"), Fixture.moment("2021-02-09 20:00"),
                                                      Fixture.moment("2021-02-08 20:00")])])
        #expect(Fixture.wallTimes(message) == ["2021-02-09 20:00"])
    }

    @Test func dailyRespectsFromUntilAndExcept() {
        let message = Fixture.message("tip", [.daily([Fixture.time("18:00"), Fixture.time("09:00")])],
                                      from: "2021-02-10", until: "2021-02-14", except: ["2021-02-11..2021-02-12", "2021-02-14"])
        #expect(Fixture.wallTimes(message) == ["2021-02-10 09:00", "2021-02-10 18:00", "2021-02-13 09:00", "2021-02-13 18:00"])
    }

    @Test func theWeeklyTipOfTheExample() {
        let message = Fixture.message("weekly-tip", [.weekly([.monday], [Fixture.time("10:00")])], from: "2021-02-15",
                                      except: ["2021-02-11..2021-02-17", "2021-04-05"])
        #expect(Fixture.wallTimes(message) == [
            "2021-02-22", "2021-03-01", "2021-03-08", "2021-03-15", "2021-03-22", "2021-03-29",
            "2021-04-12", "2021-04-19", "2021-04-26", "2021-05-03",
        ].map { "\($0) 10:00" })
    }

    @Test func weeklyOnSeveralDays() {
        let message = Fixture.message("tip", [.weekly([.saturday, .sunday], [Fixture.time("09:30")])], until: "2021-02-21")
        #expect(Fixture.wallTimes(message) == ["2021-02-13", "2021-02-14", "2021-02-20", "2021-02-21"].map { "\($0) 09:30" })
    }

    @Test func everyNDaysCountsFromTheFirstDayEvenWhenItIsExcepted() {
        let message = Fixture.message("tip", [.everyNDays(3, [Fixture.time("09:00")])], from: "2021-03-01", until: "2021-03-12",
                                      except: ["2021-03-01"])
        #expect(Fixture.wallTimes(message) == ["2021-03-04", "2021-03-07", "2021-03-10"].map { "\($0) 09:00" })
    }

    @Test(arguments: [
        // The campaign starts on a Tuesday: the first Friday is that week's.
        (nil as String?, ["2021-02-12", "2021-02-26", "2021-03-12"]),
        // From a Friday: that very day is the first.
        ("2021-02-19", ["2021-02-19", "2021-03-05"]),
        // From a Saturday: the next Friday, then every other.
        ("2021-02-20", ["2021-02-26", "2021-03-12"]),
    ])
    func everyNWeeksIsAnchoredOnTheMessagesFirstDay(from: String?, expected: [String]) {
        let message = Fixture.message("tip", [.everyNWeeks(2, .friday, [Fixture.time("15:00")])], from: from, until: "2021-03-14")
        #expect(Fixture.wallTimes(message) == expected.map { "\($0) 15:00" })
    }

    @Test func monthlySkipsMonthsWithoutTheDayAcrossLeapAndCommonYears() {
        let campaign = Fixture.campaign(starts: "2020-01-01", ends: "2021-03-31")
        let message = Fixture.message("report", [.monthly([31, 29, 30], [Fixture.time("09:00")])])
        let days = Fixture.wallTimes(message, in: campaign).map { String($0.prefix(10)) }
        #expect(days.filter { $0.hasPrefix("2020-02") } == ["2020-02-29"])
        #expect(days.filter { $0.hasPrefix("2021-02") } == [])
        #expect(days.filter { $0.hasPrefix("2020-04") } == ["2020-04-29", "2020-04-30"])
        #expect(days.filter { $0.hasPrefix("2021-01") } == ["2021-01-29", "2021-01-30", "2021-01-31"])
        // Nine months of 31 days, four of 30, February 2020 with its 29th, February 2021 with none.
        #expect(days.count == 9 * 3 + 4 * 2 + 1)
        #expect(days == days.sorted())
    }

    @Test func monthlyAtTheCampaignsEdges() {
        let message = Fixture.message("report", [.monthly([1, 9], [Fixture.time("09:00")])])
        #expect(Fixture.wallTimes(message).map { String($0.prefix(10)) }
            == ["2021-02-09", "2021-03-01", "2021-03-09", "2021-04-01", "2021-04-09", "2021-05-01"])
    }

    @Test func rulesAddUpAndTheSameInstantFiresOnce() {
        let message = Fixture.message("launch", [
            .daily([Fixture.time("20:00")]),
            .at([Fixture.moment("2021-02-09 20:00"), Fixture.moment("2021-02-10 08:00")]),
        ], until: "2021-02-10")
        #expect(Fixture.wallTimes(message) == ["2021-02-09 20:00", "2021-02-10 08:00", "2021-02-10 20:00"])
    }

    @Test func aTimeMovedOutOfTheGapMergesWithTheTimeItMovesTo() {
        let campaign = Fixture.campaign(starts: "2021-03-13", ends: "2021-03-15", timeZone: "America/New_York")
        let message = Fixture.message("tip", [.daily([Fixture.time("02:30"), Fixture.time("03:30")])])
        #expect(Fixture.wallTimes(message, in: campaign)
            == ["2021-03-13 02:30", "2021-03-13 03:30", "2021-03-14 03:30", "2021-03-15 02:30", "2021-03-15 03:30"])
    }

    @Test func aRepeatedTimeFiresOnceOnTheFallBackDay() throws {
        let campaign = Fixture.campaign(starts: "2021-11-06", ends: "2021-11-08", timeZone: "America/New_York")
        let message = Fixture.message("tip", [.daily([Fixture.time("01:30")])])
        var clock = try #require(ZoneClock(identifier: campaign.timeZone))
        let occurrences = message.occurrences(in: campaign, clock: &clock)
        #expect(occurrences.map(\.local.description) == ["2021-11-06 01:30", "2021-11-07 01:30", "2021-11-08 01:30"])
        #expect(occurrences.map(\.utcOffset) == [-14_400, -14_400, -18_000])
        #expect(occurrences[2].instant - occurrences[1].instant == 25 * 3600)
    }

    @Test(arguments: [
        Fixture.message("zero", [.everyNDays(0, [Fixture.time("09:00")])]),
        Fixture.message("negative", [.everyNWeeks(-2, .monday, [Fixture.time("09:00")])]),
        Fixture.message("no-such-day", [.monthly([0, 32, 40], [Fixture.time("09:00")])]),
        Fixture.message("backwards", [.daily([Fixture.time("09:00")])], from: "2021-03-01", until: "2021-02-01"),
        Fixture.message("all-excepted", [.daily([Fixture.time("09:00")])], except: ["2021-01-01..2021-12-31"]),
        Fixture.message("empty-except", [.daily([Fixture.time("09:00")])], from: "2021-03-01", until: "2021-02-28",
                        except: ["2021-03-05..2021-03-01"]),
    ])
    func impossibleRulesYieldNothing(_ message: Message) {
        #expect(Fixture.wallTimes(message) == [])
    }

    @Test func aMessageOutsideTheCampaignIsClippedToIt() {
        let message = Fixture.message("tip", [.daily([Fixture.time("09:00")])], from: "2021-05-07", until: "2021-06-30")
        #expect(Fixture.wallTimes(message) == ["2021-05-07 09:00", "2021-05-08 09:00"])
    }
}
