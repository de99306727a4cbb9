@testable import Daemon
@testable import DispatchRules
import CivilDate
import Plan
import Schedule
import Testing

struct OccurrenceSchedulerTests {
    let policy = OccurrenceScheduler.Policy(leadSeconds: 60, catchUpSeconds: 3600)

    func occurrence(_ message: String, at instant: Int64) -> Occurrence {
        let local = LocalDateTime(date: LocalDate(dayNumber: Int(instant / 86_400)), time: LocalTime(hour: 0, minute: 0)!)
        return Occurrence(message: message, local: local, instant: instant, utcOffset: 0)
    }

    /// Schedules are written to the minute; the default lead hands an occurrence
    /// over half a minute off the minute, not on the second other sends are due.
    @Test func theDefaultLeadFallsBetweenMinutes() throws {
        let due = (0..<3).map { occurrence("m\($0)", at: 1_614_564_000 + 60 * Int64($0)) }
        var scheduler = OccurrenceScheduler(occurrences: due, policy: OccurrenceScheduler.Policy())
        let first = scheduler.advance(now: 1_614_564_000 - 600)
        let wake = try #require(first.wakeAt)
        #expect(wake % 60 == 30)
        #expect(wake < due[0].instant - 60)
        #expect(scheduler.advance(now: wake).enqueue == [due[0]])
    }

    @Test func handsOverAnOccurrenceLeadSecondsEarlyAndSleepsUntilTheNext() {
        let launch = occurrence("launch", at: 10_000)
        let tip = occurrence("tip", at: 20_000)
        var scheduler = OccurrenceScheduler(occurrences: [tip, launch], policy: policy)

        let early = scheduler.advance(now: 9_000)
        #expect(early.enqueue.isEmpty)
        #expect(early.wakeAt == 9_940)

        let due = scheduler.advance(now: 9_940)
        #expect(due.enqueue == [launch])
        #expect(due.wakeAt == 19_940)

        #expect(scheduler.advance(now: 9_941).enqueue.isEmpty)
        let last = scheduler.advance(now: 19_950)
        #expect(last.enqueue == [tip])
        #expect(last.wakeAt == nil)
    }

    @Test func catchesUpWithinTheWindowAndSkipsWhatIsOlder() {
        let longAgo = occurrence("a", at: 1_000)
        let recent = occurrence("b", at: 8_000)
        var scheduler = OccurrenceScheduler(occurrences: [longAgo, recent], policy: policy)
        // Started at 10_000: `a` is 9_000 s late (skipped), `b` 2_000 s late (sent).
        let step = scheduler.advance(now: 10_000)
        #expect(step.missed == [longAgo])
        #expect(step.enqueue == [recent])
    }

    @Test func reloadNeitherSkipsOldOccurrencesAgainNorReachesIntoThePast() {
        let old = occurrence("a", at: 1_000)
        let recent = occurrence("b", at: 9_500)
        let future = occurrence("c", at: 12_000)
        var scheduler = OccurrenceScheduler(occurrences: [old], policy: policy)
        _ = scheduler.advance(now: 10_000)

        scheduler.replace(occurrences: [old, recent, future], now: 10_000)
        let step = scheduler.advance(now: 10_000)
        #expect(step.missed.isEmpty)
        #expect(step.enqueue == [recent])
        #expect(step.wakeAt == 11_940)
        #expect(Array(scheduler.upcoming(limit: 5)) == [future])
    }

    @Test func aReloadDoesNotHandOverAgainWhatWasHandedOverButTakesWhatMoved() {
        let policy = OccurrenceScheduler.Policy(leadSeconds: 60, catchUpSeconds: 3600)
        let launch = occurrence("launch", at: 10_000)
        let tip = occurrence("tip", at: 12_000)
        var scheduler = OccurrenceScheduler(occurrences: [launch, tip], policy: policy)
        #expect(scheduler.advance(now: 9_950).enqueue == [launch])

        // The same schedule reloaded 20 minutes after the launch: nothing to announce again.
        scheduler.replace(occurrences: [launch, tip], now: 11_200)
        #expect(scheduler.advance(now: 11_200).enqueue.isEmpty)
        #expect(scheduler.advance(now: 11_940).enqueue == [tip])

        // The launch moved to a time within the window: the new occurrence is handed over.
        let moved = occurrence("launch", at: 11_500)
        scheduler.replace(occurrences: [moved, tip], now: 12_100)
        #expect(scheduler.advance(now: 12_100).enqueue == [moved])
        #expect(scheduler.advance(now: 12_200).enqueue.isEmpty)
    }

    @Test func partitioningIndexFindsTheBoundary() {
        let values = [1, 3, 5, 7, 9]
        #expect(values.partitioningIndex { $0 >= 5 } == 2)
        #expect(values.partitioningIndex { $0 >= 0 } == 0)
        #expect(values.partitioningIndex { $0 >= 10 } == 5)
    }
}
