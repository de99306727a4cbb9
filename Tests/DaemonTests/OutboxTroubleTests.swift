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
}
