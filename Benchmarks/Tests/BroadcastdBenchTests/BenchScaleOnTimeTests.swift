import Foundation
import Loading
import Testing
@testable import BroadcastdBench

struct BenchScaleOnTimeTests {
    @Test func generatedScheduleLoadsWithOneMessagePerOccurrence() throws {
        let benchmark = OnTimeBenchmark(occurrences: 25, minutes: 3)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-ontime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try benchmark.write(in: folder, gatewayURL: "http://127.0.0.1:1/cgi-bin/sendsms")
        let load = CampaignLoader.load(schedulePaths: [folder.appendingPathComponent("ontime.schedule").path], configuration: nil)
        #expect(!load.hasErrors, "\(load.rendered)")
        let plan = try #require(load.campaigns.first?.plan)
        #expect(plan.document.messages.count == 25)
    }

    @Test(arguments: [
        ("/cgi-bin/sendsms?username=u&to=%2B8617000000000&text=occurrence+42+%E5%8F%8D", 42),
        ("/cgi-bin/sendsms?text=occurrence%207&from=96110", 7),
        ("/cgi-bin/sendsms?text=hello", nil),
    ] as [(String, Int?)])
    func occurrenceIsReadFromTheRequestText(uri: String, index: Int?) {
        #expect(OnTimeBenchmark.occurrenceIndex(in: uri) == index)
    }

    @Test func dueTimesCycleThroughTheMinutes() {
        let benchmark = OnTimeBenchmark(occurrences: 10, minutes: 2)
        #expect(benchmark.dueTime(of: 0) == OnTimeBenchmark.firstDue)
        #expect(benchmark.dueTime(of: 1) == OnTimeBenchmark.firstDue + 60)
        #expect(benchmark.dueTime(of: 4) == OnTimeBenchmark.firstDue)
    }

    @Test func percentilesPickFromTheSortedDelays() {
        let report = OnTimeBenchmark.Report(benchmark: OnTimeBenchmark(occurrences: 100),
                                            delays: (1...100).map { Double($0) / 100 },
                                            delaysByMinute: [(1...50).map { Double($0) / 50 }, [0.125]], startUp: 0.25)
        #expect(report.percentile(0.5) == 0.5)
        #expect(report.percentile(0.99) == 0.99)
        #expect(report.description.contains("p99 0.990 s"))
        #expect(report.description.contains("10:00 p50 0.500 s p99 1.000 s"))
        #expect(report.description.contains("10:01 p50 0.125 s p99 0.125 s"))
        #expect(report.description.contains("start-up:  0.250 s"))
    }

    @Test func theDaemonsPretendOffsetIsReadFromItsLog() {
        let log = """
            2026-12-05T01:00:00Z notice starting
            2026-12-05T01:00:00Z notice pretending the time now=2021-03-01T01:59:50Z offset=-181925410.125
            2026-12-05T01:00:01Z info READY
            """
        #expect(OnTimeBenchmark.pretendOffset(inLog: log) == -181_925_410.125)
        #expect(OnTimeBenchmark.pretendOffset(inLog: "2026-12-05T01:00:00Z notice starting") == nil)
    }

    @Test func nginxArrivalsAreReadFromItsAccessLog() {
        let arrival = OnTimeBenchmark.arrival(inLogLine: "1733376000.123 /cgi-bin/sendsms?text=occurrence+42+x&to=%2B86")
        #expect(arrival?.at == 1_733_376_000.123)
        #expect(arrival.flatMap { OnTimeBenchmark.occurrenceIndex(in: $0.uri) } == 42)
        #expect(OnTimeBenchmark.arrival(inLogLine: "- /cgi-bin/sendsms") == nil)
        #expect(OnTimeBenchmark.arrival(inLogLine: "1733376000.123") == nil)
    }
}
