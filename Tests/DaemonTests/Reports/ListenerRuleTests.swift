@testable import Daemon
import NIOCore
import Testing

/// A test clock for the listener's pure machines: starts at an arbitrary instant, moves only when told.
struct TestClock {
    private(set) var now = NIODeadline.uptimeNanoseconds(1_000_000_000)

    mutating func advance(_ amount: TimeAmount) { now = now + amount }
}

/// One connection's deadlines and head limit (`RequestDeadline`), driven by a test clock.
struct RequestDeadlineTests {
    static let rules = RequestDeadline.Rules(idleTimeout: .seconds(10), requestTimeout: .seconds(5), headerBytes: 100,
                                             lingerTimeout: .seconds(2))

    @Test func trickledBytesDoNotMoveTheRequestDeadline() {
        var clock = TestClock()
        var machine = RequestDeadline(rules: Self.rules, now: clock.now)
        clock.advance(.seconds(3))
        let deadline = clock.now + .seconds(5)
        #expect(machine.bytesArrived(1, now: clock.now) == .arm(deadline))
        for _ in 0..<4 {
            clock.advance(.seconds(1))
            #expect(machine.bytesArrived(1, now: clock.now) == .proceed)
        }
        clock.advance(.seconds(1))
        #expect(machine.timerFired(now: clock.now) == .refuse(status: 408, closeAt: clock.now + .seconds(2)))
        #expect(machine.phase == .refused)
        #expect(machine.bytesArrived(1, now: clock.now) == .drop)
        clock.advance(.seconds(2))
        #expect(machine.timerFired(now: clock.now) == .close)
    }

    @Test func aSilentConnectionIsClosedAtTheIdleTimeout() {
        var clock = TestClock()
        var machine = RequestDeadline(rules: Self.rules, now: clock.now)
        #expect(machine.deadline == clock.now + .seconds(10))
        clock.advance(.seconds(10))
        #expect(machine.timerFired(now: clock.now) == .close)
    }

    @Test func anAnsweredRequestWaitsIdleForTheNextOne() {
        var clock = TestClock()
        var machine = RequestDeadline(rules: Self.rules, now: clock.now)
        _ = machine.bytesArrived(60, now: clock.now)
        #expect(machine.headRead(now: clock.now) == .proceed)
        #expect(machine.requestRead(now: clock.now) == .disarm)
        // The outbox write may take its time: no deadline runs while we answer.
        clock.advance(.seconds(30))
        #expect(machine.phase == .answering)
        #expect(machine.answered(now: clock.now) == .arm(clock.now + .seconds(10)))
        // A timer armed for the request, firing late, changes nothing.
        #expect(machine.timerFired(now: clock.now) == .arm(clock.now + .seconds(10)))
        clock.advance(.seconds(1))
        #expect(machine.bytesArrived(1, now: clock.now) == .arm(clock.now + .seconds(5)))
    }

    @Test func aHeadLargerThanTheLimitIsRefusedUnlessItCompleted() {
        let clock = TestClock()
        var complete = RequestDeadline(rules: Self.rules, now: clock.now)
        _ = complete.bytesArrived(150, now: clock.now)
        _ = complete.headRead(now: clock.now)  // the decoder read a whole head from those bytes
        #expect(complete.checkHeadSize(now: clock.now) == .proceed)

        var endless = RequestDeadline(rules: Self.rules, now: clock.now)
        _ = endless.bytesArrived(60, now: clock.now)
        #expect(endless.checkHeadSize(now: clock.now) == .proceed)
        _ = endless.bytesArrived(60, now: clock.now)
        #expect(endless.checkHeadSize(now: clock.now) == .refuse(status: 431, closeAt: clock.now + .seconds(2)))
    }
}

/// Who keeps a slot when all are taken (`ConnectionSlots`).
struct ConnectionSlotsTests {
    @Test func aNewConnectionEvictsTheOldestUnfinishedOne() {
        var clock = TestClock()
        var slots = ConnectionSlots(limit: 3)
        for id in 1...3 {
            #expect(slots.admit(id, now: clock.now) == .admitted)
            clock.advance(.seconds(1))
        }
        slots.update(1, phase: .answering, since: clock.now)  // a real request being answered: kept
        slots.update(3, phase: .reading, since: clock.now)
        #expect(slots.admit(4, now: clock.now) == .admittedEvicting(2))
        #expect(slots.admit(5, now: clock.now) == .admittedEvicting(3))
        #expect(slots.count == 3)
    }

    @Test func aRefusedConnectionGoesFirstAndAnsweringOnesNever() {
        let clock = TestClock()
        var slots = ConnectionSlots(limit: 2)
        _ = slots.admit(1, now: clock.now)
        _ = slots.admit(2, now: clock.now + .seconds(1))
        slots.update(2, phase: .refused, since: clock.now + .seconds(2))
        #expect(slots.admit(3, now: clock.now + .seconds(3)) == .admittedEvicting(2))
        slots.update(1, phase: .answering, since: clock.now + .seconds(3))
        slots.update(3, phase: .answering, since: clock.now + .seconds(3))
        #expect(slots.admit(4, now: clock.now + .seconds(4)) == .refused)
        slots.remove(1)
        #expect(slots.admit(4, now: clock.now + .seconds(4)) == .admitted)
    }
}

/// How many refusals reach the log (`RefusalLimiter`), driven by a test clock.
struct RefusalLimiterTests {
    static let settings = RefusalLimiter.Settings(burst: 3, refill: .seconds(10), summaryInterval: .minutes(1))

    @Test func theFirstFewAreLoggedTheRestSummedUpByKindAMinuteLater() {
        var clock = TestClock()
        var limiter = RefusalLimiter(settings: Self.settings, now: clock.now)
        let summaryAt = clock.now + .minutes(1)
        let verdicts = (0..<5_000).map { index in
            limiter.refused(kind: index % 100 == 0 ? "malformed" : "not found", now: clock.now)
        }
        #expect(verdicts.prefix(3).allSatisfy { $0 == .log })
        #expect(verdicts[3] == .held(summaryAt: summaryAt), "the first one held arms the summary")
        #expect(verdicts.dropFirst(4).allSatisfy { $0 == .held(summaryAt: nil) })
        clock.advance(.seconds(59))
        #expect(limiter.summary(now: clock.now) == nil, "not due yet")
        clock.advance(.seconds(1))
        let summary = limiter.summary(now: clock.now)
        #expect(summary?.count == 4_997)
        #expect(summary?.kinds == "not found: 4948, malformed: 49", "the first refusal, logged, was malformed")
        #expect(limiter.summary(now: clock.now) == nil, "a summary is logged once")
    }

    @Test func tokensComeBackWithTimeUpToTheBurst() {
        var clock = TestClock()
        var limiter = RefusalLimiter(settings: Self.settings, now: clock.now)
        for _ in 0..<3 { _ = limiter.refused(kind: "not found", now: clock.now) }
        #expect(limiter.refused(kind: "not found", now: clock.now) != .log)
        clock.advance(.seconds(10))
        #expect(limiter.refused(kind: "not found", now: clock.now) == .log)
        #expect(limiter.refused(kind: "not found", now: clock.now) != .log)
        clock.advance(.minutes(10))
        let logged = (0..<5).filter { _ in limiter.refused(kind: "not found", now: clock.now) == .log }.count
        #expect(logged == 3, "a quiet hour does not save up more than the burst")
        #expect(limiter.summary(now: clock.now)?.count == 4)
    }
}
