@testable import Plan
import Schedule
import Testing

/// Distinct people per reach: one copy per person across overlapping lists,
/// sent from the deepest list, counted from E.164 digits without strings.
struct PeopleCountTests {
    @Test func aNumberOnTheCityAndTheCountyListGoesOutFromTheCounty() throws {
        let scratch = try Scratch()
        let city = try scratch.write("city.txt", "13800000001\n13800000002\n13800000003\n")
        let county = try scratch.write("county.txt", "+86 138 0000 0002\n13900000009\n")
        let tree = RegionTree([Fixture.region("jiangxi/nanchang", "南昌市", sms: city),
                               Fixture.region("jiangxi/nanchang/donghu", "东湖区", sms: county)])
        let reach = ReachCount(regions: [0, 1], tree: tree, country: .china)
        #expect(reach.people == [0: 2, 1: 2])
        #expect(reach.duplicates == [0: 1, 1: 0])
        #expect(reach.total == 4)
        let cityOnly = reach.counts(regionMask: [true, false])
        #expect(cityOnly.people == 2 && cityOnly.duplicates == 1)
    }

    @Test func repeatsInsideAListAndMalformedLinesAreNotPeople() throws {
        let scratch = try Scratch()
        let list = try scratch.write("list.txt", "13800000001\n138-0000-0001\n008613800000001\nnot a number\n12345\n13800000002\n")
        let tree = RegionTree([Fixture.region("jiangxi", "江西省", sms: list)])
        let reach = ReachCount(regions: [0], tree: tree, country: .china)
        #expect(reach.people == [0: 2])
        #expect(reach.duplicates == [0: 2])
    }

    @Test func atEqualDepthTheFirstDeclaredListSendsAndAnUnreadableListIsLeftOut() throws {
        let scratch = try Scratch()
        let first = try scratch.write("first.txt", "13800000001\n")
        let second = try scratch.write("second.txt", "13800000001\n13800000002\n")
        let tree = RegionTree([Fixture.region("jiangxi/a", "甲", sms: first),
                               Fixture.region("jiangxi/b", "乙", sms: second),
                               Fixture.region("jiangxi/c", "丙", sms: scratch.directory + "/missing.txt")])
        let reach = ReachCount(regions: [0, 1, 2], tree: tree, country: .china)
        #expect(reach.people == [0: 1, 1: 1, 2: 0])
        #expect(reach.duplicates == [0: 0, 1: 1, 2: 0])
        #expect(reach.unreadableLists == 1)
    }

    @Test func theCounterKeepsTheLowestSlotOfEachNumber() {
        var counter = DistinctCounter(slots: 3)
        for (number, slot) in [(8613800000001, 2), (8613800000001, 0), (999_999_999_999_999, 1), (8613800000001, 1),
                               (999_999_999_999_999, 1), (14155550100, 2)] as [(Int64, Int)] {
            counter.add(number, slot: slot)
        }
        let counts = counter.finish()
        #expect(counts.sent == [1, 1, 1])
        #expect(counts.duplicates == [0, 2, 1])
    }

    @Test func phoneDigitsAreTheE164NumberAsAnInteger() throws {
        let phone = try PhoneNumber.parse(Array("+44 20 7946 0000".utf8)).get()
        #expect(phone.digits == 442079460000)
        #expect(try PhoneNumber.parse(Array("13800000001".utf8)).get().digits == 8613800000001)
    }

    @Test func messagesWithTheSameListsShareOneCountAndAnOversizedReachIsNotCounted() throws {
        let scratch = try Scratch()
        let document = try Chunfeng.document(recipients: scratch)
        let plan = try Plan(document)
        let people = PlanPeople(plan)
        // launch reaches Nanchang, Donghu and Jiujiang; weekly-tip the cities Nanchang and Jiujiang.
        let launch = try #require(people.reach(ofMessage: 0))
        #expect(launch.people == [1: 3, 2: 2, 3: 0])
        #expect(launch.unreadableLists == 1)
        #expect(people.reach(ofMessage: 1)?.people == [1: 3, 3: 0])
        #expect(people.uncounted.isEmpty)

        let small = PlanPeople(plan, limit: 4)
        #expect(small.reach(ofMessage: 0) == nil)
        #expect(small.uncounted.map { $0.message } == [0])
        #expect(small.uncounted.map { $0.positions } == [5])
        #expect(small.reach(ofMessage: 1) != nil)
    }

    @Test func aSharedSetOfListsIsReadOnce() throws {
        let scratch = try Scratch()
        let regions = [Fixture.region("jiangxi", "江西省", sms: try scratch.write("province.txt", "13800000001\n")),
                       Fixture.region("jiangxi/nanchang", "南昌市", sms: try scratch.write("city.txt", "13800000001\n"))]
        let messages = [("a", ["jiangxi", "jiangxi/*"]), ("b", ["jiangxi", "jiangxi/*"]), ("c", ["jiangxi"]), ("d", ["jiangxi/**", "jiangxi"])]
            .map { Fixture.message($0.0, [.at([Fixture.moment("2021-03-01 10:00")])], to: Fixture.targets($0.1), line: 10) }
        let people = PlanPeople(try Plan(Fixture.document(regions: regions, messages: messages)))
        #expect(people.reachesCounted == 2)
        #expect(people.reach(ofMessage: 0) == people.reach(ofMessage: 3))
        #expect(people.reach(ofMessage: 0)?.people == [0: 0, 1: 1])
        #expect(people.reach(ofMessage: 2)?.people == [0: 1])
    }

    /// Two messages to different lists of one city, twice each: the totals count
    /// each person once, SMS once per occurrence, and segments as billed.
    @Test func totalsCountPeopleOnceAndSegmentsAsBilled() throws {
        let scratch = try Scratch()
        let regions = [Fixture.region("jiangxi", "江西省", sms: try scratch.write("province.txt", "13800000001\n13800000002\n")),
                       Fixture.region("jiangxi/nanchang", "南昌市", sms: try scratch.write("city.txt", "13800000002\n13800000003\n"))]
        let twice = [Recurrence.at([Fixture.moment("2021-03-01 10:00"), Fixture.moment("2021-03-02 10:00")])]
        let long = String(repeating: "请", count: 80)  // 80 UCS-2 units: 2 segments of 67
        let messages = [Fixture.message("short", twice, to: Fixture.targets(["jiangxi", "jiangxi/*"]), texts: [.sms: "短信"]),
                        Fixture.message("long", twice, to: Fixture.targets(["jiangxi/nanchang"]), texts: [.sms: long])]
        let plan = try Plan(Fixture.document(regions: regions, messages: messages))
        let summary = plan.summary(people: PlanPeople(plan))
        #expect(summary.deliveries[.sms] == 2 * 4 + 2 * 2)
        #expect(summary.people == 2 * 3 + 2 * 2)
        #expect(summary.smsSegments == 2 * 3 * 1 + 2 * 2 * 2)
        #expect(summary.distinctPeople == 3)
        #expect(summary.description.hasSuffix("sms 12 list entries: 10 SMS (14 segments) to 3 people"))
        #expect(plan.summary(people: PlanPeople(plan, limit: 3)).distinctPeople == nil)
    }
}
