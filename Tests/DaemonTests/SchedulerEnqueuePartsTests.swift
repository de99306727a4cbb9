@testable import Daemon
import CivilDate
import Plan
import Testing

/// How the scheduler splits the occurrences due at once into enqueue calls.
struct SchedulerEnqueuePartsTests {
    func occurrence(_ index: Int) -> Occurrence {
        let local = LocalDateTime(date: LocalDate(dayNumber: 0), time: LocalTime(hour: 0, minute: 0)!)
        return Occurrence(message: "m\(index)", local: local, instant: 600, utcOffset: 0)
    }

    func due(_ sizes: [Int]) -> [(occurrence: Occurrence, broadcasts: [Int])] {
        sizes.enumerated().map { index, size in (occurrence(index), Array(repeating: index, count: size)) }
    }

    @Test func partsHoldWholeOccurrencesUpToTheSize() {
        let parts = SchedulerService.parts(of: due([1, 1, 1, 2, 3, 1]), size: 3)
        #expect(parts.map { $0.map(\.occurrence.message) } == [["m0", "m1", "m2"], ["m3"], ["m4"], ["m5"]])
        #expect(parts.flatMap { $0.flatMap(\.broadcasts) } == [0, 1, 2, 3, 3, 4, 4, 4, 5])
    }

    @Test func anOccurrenceLargerThanThePartIsNeverSplit() {
        let parts = SchedulerService.parts(of: due([1, 5, 1]), size: 3)
        #expect(parts.map { $0.map(\.broadcasts.count) } == [[1], [5], [1]])
    }

    @Test func nothingDueIsOneEmptyPartForTheMissedOnes() {
        let parts = SchedulerService.parts(of: due([]), size: 3)
        #expect(parts.count == 1)
        #expect(parts[0].isEmpty)
    }
}
