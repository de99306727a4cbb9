import CivilDate
import LineLanguage

/// `at` and `every` lines: the schedule forms of the language.
extension ScheduleParser {
    static let everyHint = "e.g. 'every day 09:00', 'every monday 10:00', 'every 2 weeks on friday 15:00', 'every month on 1, 15 09:00'"

    /// Reads every item even after a bad one, so two bad dates give two errors.
    mutating func readAt(_ scanner: inout LineScanner) -> ScheduleRule? {
        let hint = "e.g. 'at 2021-02-09 20:00, 2021-02-10 09:00'"
        var moments: [LocalDateTime] = []
        var times: [Located<LocalTime>] = []
        var dates: [Located<LocalDate>] = []
        var failed = false
        repeat {
            guard let dateToken = expectWord(&scanner, "a date", hint: hint) else { return nil }
            let date = date(dateToken)
            guard let timeToken = expectWord(&scanner, "a time after the date", hint: hint) else { return nil }
            guard let date, let time = time(timeToken) else {
                failed = true
                continue
            }
            moments.append(LocalDateTime(date: date, time: time))
            dates.append(Located(date, at: dateToken.location))
            times.append(Located(time, at: timeToken.location))
        } while scanner.isAtComma() && scanner.next() != nil
        return failed ? nil : ScheduleRule(recurrence: .at(moments), times: times, dates: dates)
    }

    mutating func readEvery(_ scanner: inout LineScanner) -> ScheduleRule? {
        guard let first = expectWord(&scanner, "'day', a weekday, 'month' or a number after 'every'", hint: Self.everyHint)
        else { return nil }
        if first.text == "day" {
            guard let times = readTimes(&scanner) else { return nil }
            return ScheduleRule(recurrence: .daily(times.map(\.value)), times: times)
        }
        if first.text == "month" {
            guard expectKeyword("on", &scanner, hint: "e.g. 'every month on 1, 15 09:00'"),
                  let days = readList(&scanner, "a day of the month", hint: "a day is a number from 1 to 31",
                                      item: { $0.dayOfMonth($1) }),
                  let times = readTimes(&scanner) else { return nil }
            return ScheduleRule(recurrence: .monthly(days, times.map(\.value)), times: times)
        }
        if let count = Int(first.text) {
            return readEveryN(count, first, &scanner)
        }
        guard let days = readList(&scanner, "a weekday", hint: Self.everyHint, item: { $0.weekdays($1) },
                                  startingWith: first),
              let times = readTimes(&scanner) else { return nil }
        return ScheduleRule(recurrence: .weekly(days.reduce(into: Set()) { $0.formUnion($1) }, times.map(\.value)),
                            times: times)
    }

    private mutating func readEveryN(_ count: Int, _ countToken: Token, _ scanner: inout LineScanner) -> ScheduleRule? {
        guard count >= 1, count <= 10_000 else {
            bag.error("'\(countToken.text)' is not a positive number", at: countToken.location, hint: Self.everyHint)
            return nil
        }
        guard let unitToken = expectWord(&scanner, "'days' or 'weeks'", hint: Self.everyHint) else { return nil }
        switch Self.unit(unitToken.text, among: ["days", "weeks"]) {
        case "days":
            guard let times = readTimes(&scanner) else { return nil }
            return ScheduleRule(recurrence: .everyNDays(count, times.map(\.value)), times: times)
        case "weeks":
            let hint = "e.g. 'every 2 weeks on friday 15:00'"
            guard expectKeyword("on", &scanner, hint: hint),
                  let dayToken = expectWord(&scanner, "a weekday", hint: hint),
                  let days = weekdays(dayToken) else { return nil }
            guard days.count == 1, let day = days.first else {
                bag.error("'every \(count) weeks' takes one weekday", at: dayToken.location, hint: hint)
                return nil
            }
            guard let times = readTimes(&scanner) else { return nil }
            return ScheduleRule(recurrence: .everyNWeeks(count, day, times.map(\.value)), times: times)
        default:
            bag.error("expected 'days' or 'weeks' after 'every \(count)'", at: unitToken.location, hint: Self.everyHint)
            return nil
        }
    }

    /// One time or several, as `every day 09:00, 18:30` has always taken: every form reads its times the same way.
    private mutating func readTimes(_ scanner: inout LineScanner) -> [Located<LocalTime>]? {
        readList(&scanner, "a time", hint: Self.timeExample, item: { parser, token in
            parser.time(token).map { Located($0, at: token.location) }
        })
    }

    private mutating func expectKeyword(_ keyword: String, _ scanner: inout LineScanner, hint: String) -> Bool {
        guard let token = expectWord(&scanner, "'\(keyword)'", hint: hint) else { return false }
        guard token.text == keyword else {
            bag.error("expected '\(keyword)', found '\(token.text)'", at: token.location, hint: hint)
            return false
        }
        return true
    }

    private mutating func dayOfMonth(_ token: Token) -> Int? {
        guard let day = Int(token.text), (1...31).contains(day) else {
            bag.error("'\(token.text)' is not a day of the month", at: token.location, hint: "a day is a number from 1 to 31")
            return nil
        }
        return day
    }

    private mutating func weekdays(_ token: Token) -> Set<Weekday>? {
        switch token.text {
        case "weekday": return [.monday, .tuesday, .wednesday, .thursday, .friday]
        case "weekend": return [.saturday, .sunday]
        default:
            if let day = Weekday(spelling: token.text) { return [day] }
            let spellings = Weekday.allCases.map(\.rawValue) + ["weekday", "weekend", "day", "month"]
            bag.error("'\(token.text)' is not a weekday", at: token.location,
                      hint: Suggestion.didYouMean(token.text, among: spellings) ?? Self.everyHint)
            return nil
        }
    }

    /// A list whose first token was already read.
    private mutating func readList<Item>(_ scanner: inout LineScanner, _ expected: String, hint: String,
                                         item: (inout ScheduleParser, Token) -> Item?, startingWith first: Token) -> [Item]? {
        var failed = false
        var items: [Item] = []
        if let value = item(&self, first) { items.append(value) } else { failed = true }
        if scanner.isAtComma() {
            _ = scanner.next()
            guard let rest = readList(&scanner, expected, hint: hint, item: item) else { return nil }
            items += rest
        }
        return failed ? nil : items
    }
}

extension Weekday {
    /// `monday` or `mon`.
    init?(spelling: String) {
        guard let day = Weekday.allCases.first(where: { $0.rawValue == spelling || $0.abbreviation == spelling })
        else { return nil }
        self = day
    }
}
