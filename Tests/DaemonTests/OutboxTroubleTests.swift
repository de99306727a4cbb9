import Testing
@testable import Daemon
@testable import DispatchRules

/// An outbox that cannot be written is logged at a bounded rate, and its
/// recovery once.
struct OutboxTroubleTests {
    @Test func theFirstFailureIsLoggedThenAtMostOnceAMinuteWithTheCountOfTheOthers() {
        var trouble = OutboxTrouble(logInterval: 60)
        #expect(trouble.failed(at: 0) == .failing(unlogged: 0))
        for second in 1..<60 { #expect(trouble.failed(at: Double(second)) == nil) }
        #expect(trouble.failed(at: 60) == .failing(unlogged: 59))
        #expect(trouble.failed(at: 61) == nil)
        #expect(trouble.isFailing)
    }

    @Test func recoveryIsReportedOnceWithHowLongItLastedAndANewTroubleIsLoggedAtOnce() {
        var trouble = OutboxTrouble(logInterval: 60)
        #expect(trouble.succeeded(at: 5) == nil, "nothing to report without a failure")
        _ = trouble.failed(at: 10)
        _ = trouble.failed(at: 20)
        #expect(trouble.succeeded(at: 100) == .recovered(seconds: 90))
        #expect(trouble.succeeded(at: 101) == nil)
        #expect(!trouble.isFailing)
        #expect(trouble.failed(at: 102) == .failing(unlogged: 0))
    }

    @Test func theWaitDoublesWithEachFailureInARowUpToItsCapAndASuccessResetsIt() {
        var trouble = OutboxTrouble(retryDelay: 1, maxRetryDelay: 5)
        var waits: [Double] = []
        for second in 0..<6 {
            _ = trouble.failed(at: Double(second))
            waits.append(trouble.retryDelay)
        }
        #expect(waits == [1, 2, 4, 5, 5, 5])
        _ = trouble.succeeded(at: 10)
        _ = trouble.failed(at: 11)
        #expect(trouble.retryDelay == 1)
    }
}
