import Foundation
import Plan
import Testing
@testable import BroadcastdBench

struct BenchScaleEnqueueTests {
    private func temporaryFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("bench-scale-\(UUID().uuidString).txt").path
    }

    @Test(arguments: [1, 9, 123_457])
    func syntheticListHoldsThatManyDistinctValidMobiles(count: Int) throws {
        let path = temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = try EnqueueBenchmark.writePhoneList(count: count, to: path)
        #expect(bytes == Int64(count * 12), "eleven digits and a newline each")

        let reader = try PhoneListReader(path: path)
        var numbers = Set<String>()
        while let entry = try reader.next() {
            guard case .number(let phone) = entry else {
                Issue.record("a synthetic line is malformed: \(entry)")
                return
            }
            numbers.insert(phone.e164)
        }
        #expect(numbers.count == count)
        #expect(numbers.contains("+8617000000000"))
        #expect(numbers.contains("+86170" + String(format: "%08d", count - 1)))
    }

    @Test func everyRecipientIsLeasedAndRecordedOnceAtBothSizes() throws {
        let report = try EnqueueBenchmark(recipients: 2_500, batch: 300).run()
        #expect(report.runs.map(\.recipients) == [250, 2_500])
        for run in report.runs {
            #expect(run.delivered == run.recipients)
            #expect(run.listBytes == Int64(run.recipients * 12))
            #expect(run.outboxBytes > 0)
            #expect(run.peakResidentBytes >= report.peakBeforeBytes)
        }
        #expect(report.description.contains("delivered: 2500 of 2500"))
    }
}
