import Foundation
import Testing

/// `plan`'s filters fail loudly: a misspelt region or a range that ends before
/// it starts must not read as "nothing to send", and `--region` repeats.
@Suite(.enabled(if: BroadcastctlProcess.isBuilt, "needs `swift build` first"))
struct PlanFilterCommandTests {
    static let schedule = projectRoot.appendingPathComponent("config/chunfeng/campaign.schedule").path

    static var projectRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test func aMisspeltRegionIsAnErrorThatNamesTheNearestOne() throws {
        let run = try BroadcastctlProcess.run(["plan", Self.schedule, "--region", "jiangxi/nanchnag/**"])
        #expect(run.status == 64)
        #expect(run.errors.contains("no region 'jiangxi/nanchnag' in the schedule; did you mean 'jiangxi/nanchang'?"))
        #expect(!run.output.contains("nothing to send"))
    }

    @Test func aRangeThatEndsBeforeItStartsIsAnError() throws {
        let run = try BroadcastctlProcess.run(["plan", Self.schedule, "--from", "2021-03-01", "--to", "2021-02-01"])
        #expect(run.status == 64)
        #expect(run.errors.contains("--from 2021-03-01 is after --to 2021-02-01"))
    }

    @Test func repeatedRegionsShowEachOfThem() throws {
        let arguments = ["plan", Self.schedule, "--to", "2021-02-09", "--channel", "sms", "--json"]
        let both = try BroadcastctlProcess.run(arguments + ["--region", "jiangxi/nanchang", "--region", "jiangxi/jiujiang"])
        let nanchang = try BroadcastctlProcess.run(arguments + ["--region", "jiangxi/nanchang"])
        let jiujiang = try BroadcastctlProcess.run(arguments + ["--region", "jiangxi/jiujiang"])
        #expect(both.status == 0)
        let lines = { (output: String) in output.split(separator: "\n").map(String.init) }
        #expect(!lines(nanchang.output).isEmpty)
        #expect(!lines(jiujiang.output).isEmpty)
        #expect(Set(lines(both.output)) == Set(lines(nanchang.output) + lines(jiujiang.output)))
    }

    /// The shipped quarter by month: four rows (February from the 9th, March, April, May to the 8th) and the total,
    /// whose figures are `check`'s.
    @Test func byMonthRollsTheQuarterUpAndEndsWithChecksTotals() throws {
        let run = try BroadcastctlProcess.run(["plan", Self.schedule, "--by", "month"])
        #expect(run.status == 0)
        let rows = run.output.split(separator: "\n").map(String.init)
        #expect(rows.map { String($0.prefix(18)) } == ["MONTH             ", "2021-02-09 – 02-28", "2021-03-01 – 03-31",
                                                        "2021-04-01 – 04-30", "2021-05-01 – 05-08", "Total             "])
        let check = try BroadcastctlProcess.run(["check", Self.schedule])
        let total = try #require(rows.last).split(separator: " ", omittingEmptySubsequences: true).dropFirst()
        // occurrences, list entries, SMS, segments, people as check says them
        for figure in [total[total.startIndex + 1], total[total.startIndex + 3], total[total.startIndex + 4],
                       total[total.startIndex + 5], total[total.startIndex + 6]] {
            #expect(check.output.contains(String(figure)), "\(figure) not in \(check.output)")
        }
        let both = try BroadcastctlProcess.run(["plan", Self.schedule, "--by", "week", "--json"])
        #expect(both.status == 64)
    }
}
