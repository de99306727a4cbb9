import Foundation
import Loading
import Testing
@testable import BroadcastdBench

struct ScheduleBenchmarkTests {
    @Test func generatedCampaignLoadsCleanlyWithEveryRegionAndMessage() throws {
        let benchmark = ScheduleBenchmark(messages: 70, regions: 25, runs: 1)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try benchmark.write(in: folder)
        #expect(files.count == 2 + 25, "schedule, regions and one recipient list per region")

        let load = CampaignLoader.load(schedulePaths: [files[0]], configuration: nil)
        #expect(!load.hasErrors, "\(load.rendered)")
        #expect(load.warningCount == 0, "\(load.rendered)")
        let plan = try #require(load.campaigns.first?.plan)
        #expect(plan.document.messages.count == 70)
        #expect(plan.tree.regions.count == 25)
    }

    @Test func regionsAreARootTenCitiesAndCountiesUnderThem() {
        let paths = ScheduleBenchmark(messages: 1, regions: 111).regionPaths()
        #expect(paths.count == 111)
        #expect(paths.first == "bench")
        #expect(paths.filter { $0.split(separator: "/").count == 2 }.count == 10)
        #expect(paths.filter { $0.split(separator: "/").count == 3 }.allSatisfy { $0.hasPrefix("bench/c") })
    }

    @Test func reportCountsEveryEntryTheLoaderPlans() throws {
        let report = try ScheduleBenchmark(messages: 30, regions: 12, runs: 1).run()
        #expect(report.files == 14)
        #expect(report.lines > 30 * 5)
        #expect(report.entries > 30)
        #expect(report.check > 0 && report.expansion > 0 && report.baseline > 0)
        #expect(report.description.contains("(\(report.entries) entries)"))
    }
}

extension ScheduleBenchmarkTests {
    @Test(arguments: [("a\nb\n", ["a", "b"]), ("a\n\nb", ["a", "", "b"]), ("", []), ("春风\n行动", ["春风", "行动"])])
    func baselineSplitsIntoLineStrings(text: String, expected: [String]) {
        var lines: [String] = []
        ScheduleBenchmark.splitLines(Array(text.utf8), into: &lines)
        #expect(lines == expected)
    }
}
