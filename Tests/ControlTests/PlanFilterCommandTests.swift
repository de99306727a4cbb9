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
}
