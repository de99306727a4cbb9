import CivilDate
import Plan
import Schedule
import Testing

struct OccurrenceTests {
    @Test func ordersByInstantThenMessage() throws {
        let local = LocalDateTime(date: try #require(LocalDate(year: 2021, month: 2, day: 9)), time: try #require(LocalTime(hour: 20, minute: 0)))
        let launch = Occurrence(message: "launch", local: local, instant: 1_612_872_000, utcOffset: 28_800)
        let tip = Occurrence(message: "a-tip", local: local, instant: 1_612_872_000, utcOffset: 28_800)
        let later = Occurrence(message: "a-tip", local: local, instant: 1_612_872_060, utcOffset: 28_800)
        #expect([later, launch, tip].sorted() == [tip, launch, later])
    }
}
