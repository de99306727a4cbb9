import Testing
@testable import Outbox
@testable import OutboxSQLite

/// How the SQLite backend keys its cap counts, and the policy its cap tests
/// share; what caps do is the conformance suite's (CapConformanceTests,
/// CapCrashConformanceTests).
struct CapTests {
    /// Tuesday 2021-02-09 as a day number; its week began Monday 2021-02-08.
    static let tuesday: Int64 = 18_667

    static func policy(sms limit: CapPolicy.Limit, day: Int64) -> CapPolicy {
        CapPolicy(limits: ["sms": limit], day: day, week: day - (day + 3) % 7)
    }

    @Test func phoneNumbersAreStoredAsIntegersAndNamesAsText() throws {
        #expect(PhoneKey.bindable("+8613812345678") == .integer(8_613_812_345_678))
        #expect(PhoneKey.bindable("wecom-nanchang") == .text("wecom-nanchang"))
        #expect(PhoneKey.bindable("+0123") == .text("+0123"))
        #expect(PhoneKey.bindable("+") == .text("+"))
        #expect(PhoneKey.bindable("+86 138") == .text("+86 138"))
    }
}
