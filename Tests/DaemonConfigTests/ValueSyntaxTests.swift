import LineLanguage
import Testing
@testable import DaemonConfig

/// The value languages on their own: durations, rates and retry policies.
struct ValueSyntaxTests {
    static func tokens(_ text: String) -> [Token] {
        var scanner = LineScanner(line: SourceFile(name: "t", text: text).lines[0], file: "t")
        var tokens: [Token] = []
        while let token = scanner.next() { tokens.append(token) }
        return tokens
    }

    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("10s", .seconds(10)), ("5m", .seconds(300)),
        ("2h", .seconds(7200)), ("24h", .seconds(86_400)), ("1d", .seconds(86_400)), ("0s", .zero),
    ])
    func durations(text: String, expected: Duration) throws {
        let duration = try DurationSyntax.parse(Self.tokens(text)[0]).get()
        #expect(duration == expected)
    }

    @Test(arguments: [
        ("10", "the duration '10' has no unit", 3), ("10sec", "unknown duration unit 'sec'", 3),
        ("h", "'h' is not a duration", 1), ("400d", "the duration '400d' is longer than a year", 1),
        ("99999999999999999s", "the duration '99999999999999999s' is longer than a year", 1),
    ])
    func badDurations(text: String, message: String, column: Int) {
        guard case .failure(let problem) = DurationSyntax.parse(Self.tokens(text)[0]) else {
            Issue.record("'\(text)' parsed")
            return
        }
        #expect(problem.diagnostic.message == message)
        #expect(problem.diagnostic.location.column == column)
    }

    @Test(arguments: [(Duration.seconds(90), "90s"), (.seconds(7200), "2h"), (.milliseconds(1500), "1500ms"),
                      (.seconds(86_400), "1d"), (.seconds(300), "5m")])
    func durationsPrintShortest(duration: Duration, text: String) {
        #expect(DurationSyntax.format(duration) == text)
    }

    @Test(arguments: [
        ("100/s burst 20", RateSetting(count: 100, per: .second, burst: 20)),
        ("20/min", RateSetting(count: 20, per: .minute)),
        ("500/h", RateSetting(count: 500, per: .hour)),
        ("1/s burst 0", RateSetting(count: 1, per: .second, burst: 0)),
    ])
    func rates(text: String, expected: RateSetting) throws {
        let tokens = Self.tokens(text)
        let rate = try RateSyntax.parse(tokens, end: tokens.last!.endLocation).get()
        #expect(rate == expected)
        #expect(rate.description == text)
    }

    @Test func ratePerSecond() {
        #expect(RateSetting(count: 20, per: .minute).perSecond == 20.0 / 60.0)
    }

    @Test(arguments: [
        ("100", "'100' is not a rate", 1), ("100/sec", "unknown rate period 'sec'", 5),
        ("0/s", "a rate must be between 1 and 1000000, not 0", 1),
        ("x/s", "expected a whole number for a rate, found 'x'", 1),
        ("100/s burst", "expected a number after 'burst'", 12), ("100/s bursts 3", "unexpected 'bursts' after the rate", 7),
        ("100/s burst 3 4", "unexpected '4' after the burst", 15),
    ])
    func badRates(text: String, message: String, column: Int) {
        let tokens = Self.tokens(text)
        guard case .failure(let problem) = RateSyntax.parse(tokens, end: tokens.last!.endLocation) else {
            Issue.record("'\(text)' parsed")
            return
        }
        #expect(problem.diagnostic.message == message)
        #expect(problem.diagnostic.location.column == column)
    }

    @Test(arguments: [
        ("10 attempts within 24h", RetrySetting(attempts: 10, within: .seconds(86_400))),
        ("5 attempts", RetrySetting(attempts: 5)), ("1 attempt", RetrySetting(attempts: 1)),
        ("within 2h", RetrySetting(within: .seconds(7200))), ("off", RetrySetting(attempts: 1)),
    ])
    func retries(text: String, expected: RetrySetting) throws {
        let tokens = Self.tokens(text)
        #expect(try RetrySyntax.parse(tokens, end: tokens.last!.endLocation).get() == expected)
    }

    @Test(arguments: [
        ("10 tries", "expected 'attempts' after 10", 4), ("ten attempts", "expected a whole number for attempts, found 'ten'", 1),
        ("10 attempts in 24h", "unexpected 'in'", 13), ("within", "expected a duration after 'within'", 7),
        ("within 0s", "'within' must be longer than 0", 8), ("off now", "unexpected 'now' after 'off'", 5),
        ("10 attempts within 24h or so", "unexpected 'or' after the duration", 24),
    ])
    func badRetries(text: String, message: String, column: Int) {
        let tokens = Self.tokens(text)
        guard case .failure(let problem) = RetrySyntax.parse(tokens, end: tokens.last!.endLocation) else {
            Issue.record("'\(text)' parsed")
            return
        }
        #expect(problem.diagnostic.message == message)
        #expect(problem.diagnostic.location.column == column)
    }
}
