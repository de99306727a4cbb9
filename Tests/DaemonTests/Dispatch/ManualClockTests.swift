@testable import Daemon
import Testing

/// The wake signal on a manual clock: a sleeper resumes when the clock reaches
/// its deadline, not before, and a signal still wakes it early.
struct ManualClockTests {
    @Test func aWaitEndsWhenTheClockIsAdvancedToItsDeadline() async {
        let clock = ManualClock(at: 1_000)
        let wake = WakeSignal()
        let waiting = Task { await wake.wait(until: 1_060, clock: clock) }
        while clock.sleeping == 0 { await Task.yield() }
        clock.advance(by: 59)
        #expect(clock.sleeping == 1, "not yet")
        clock.advance(by: 1)
        await waiting.value
        #expect(clock.sleeping == 0)
    }

    @Test func aSignalEndsTheWaitAndItsTimerStopsSleeping() async {
        let clock = ManualClock(at: 1_000)
        let wake = WakeSignal()
        let waiting = Task { await wake.wait(until: 1_060, clock: clock) }
        while clock.sleeping == 0 { await Task.yield() }
        wake.signal()
        await waiting.value
        while clock.sleeping > 0 { await Task.yield() }
        #expect(clock.now.timeIntervalSince1970 == 1_000)
    }
}
