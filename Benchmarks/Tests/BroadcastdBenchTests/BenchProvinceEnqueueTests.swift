import Foundation
import Outbox
@testable import OutboxSQLite
import Testing
@testable import BroadcastdBench

struct BenchProvinceEnqueueTests {
    @Test(arguments: [false, true])
    func eachPersonIsLeasedOnceAndTheRestAreDuplicates(caps: Bool) throws {
        let benchmark = EnqueueBenchmark.Province(positions: 2_000, batch: 100,
                                                  caps: caps ? EnqueueBenchmark.Province.twoPerDay : nil)
        let report = try benchmark.run()
        #expect(report.runs.map(\.lists) == [112, 112])
        for run in report.runs {
            #expect(run.delivered == run.people)
            #expect(run.duplicates == run.positions - run.people)
            #expect(run.duplicates > 0, "the lists overlap")
            #expect(run.sentByRank.values.reduce(0, +) == run.people)
            #expect(run.sentByRank[1] ?? 0 == 0, "the province list only repeats people of deeper lists")
            #expect(run.reachedPeak > 0)
            #expect(run.reachedAfterPrune == 0)
            #expect(run.capRows == (caps ? Int64(run.people) : 0))
        }
        #expect(report.description.contains("each leased once"))
    }

    @Test func theShapeWritesEveryPersonOnTheirCountyOrCityAndOverlapsTheRest() throws {
        let shape = EnqueueBenchmark.ProvinceShape()
        let people = shape.people(forPositions: 50_000)
        var positions = 0
        var onCounty = 0
        for person in 0..<people {
            let lists = shape.memberships(of: person, people: people)
            positions += lists.count
            let deepest = try #require(lists.first)
            #expect(deepest < shape.counties + shape.cities, "everyone lives in a county or a city seat")
            if deepest < shape.counties { onCounty += 1 }
            #expect(Set(lists).count == lists.count)
        }
        #expect(abs(Double(positions) / 50_000 - 1) < 0.02, "the people fill about the asked positions")
        #expect(abs(Double(onCounty) / Double(people) - 0.9) < 0.02, "a tenth live in city seats")
    }

    @Test(arguments: [("+8617000000000", 0), ("+8617123456789", 123_456_789), ("+8613800000000", nil),
                      ("+861700000000", nil), ("+86170000000001", nil)] as [(String, Int?)])
    func theLedgerReadsAPersonFromTheirNumber(number: String, person: Int?) {
        #expect(EnqueueBenchmark.PersonLedger.person(number) == person)
    }

    @Test func theLedgerCountsRepeatsAndStrangers() {
        var ledger = EnqueueBenchmark.PersonLedger(people: 100)
        for number in ["+8617000000005", "+8617000000099", "+8617000000005", "+8617000000100", "+8613800000000"] {
            ledger.lease(number)
        }
        #expect(ledger.leased == 2)
        #expect(ledger.repeats == 1)
        #expect(ledger.strangers == 2)
    }

    @Test func aWrongRunIsReportedAsAFailure() throws {
        let benchmark = EnqueueBenchmark.Province(positions: 2_000)
        var run = EnqueueBenchmark.ProvinceRun(positions: 10, people: 2, lists: 112)
        var ledger = EnqueueBenchmark.PersonLedger(people: 2)
        ledger.lease("+8617000000000")
        ledger.lease("+8617000000000")
        run.delivered = 2
        run.duplicates = 7
        run.skipped = 7
        let failure = #expect(throws: EnqueueBenchmark.Failure.self) { try benchmark.check(run, ledger: ledger) }
        #expect(failure?.description.contains("1 of 2 people leased, 1 leased again") == true)
        #expect(failure?.description.contains("7 duplicates counted, positions − people = 8") == true)
    }
}
