import CivilDate
import LineLanguage

/// Reading single values off a line; each reports its own mistake at the
/// token (or where the missing token should be) and returns nil.
extension ScheduleParser {
    static let dateExample = "expected a date like 2021-02-09"
    static let timeExample = "expected a time like 09:30"

    mutating func expectWord(_ scanner: inout LineScanner, _ expected: String, hint: String? = nil) -> Token? {
        guard let token = scanner.next() else {
            bag.error("expected \(expected)", at: scanner.endLocation, hint: hint)
            return nil
        }
        guard token.kind != .comma else {
            bag.error("expected \(expected), found ','", at: token.location, hint: hint)
            return nil
        }
        return token
    }

    /// True when nothing but a comment is left on the line.
    mutating func expectEnd(_ scanner: inout LineScanner) -> Bool {
        guard let extra = scanner.next() else { return true }
        bag.error("unexpected \(extra) at the end of the line", at: extra.location,
                  hint: extra.text.hasPrefix("#") ? "a comment needs a blank before '#'" : nil)
        return false
    }

    /// Items separated by commas; nil when any item was wrong (each is reported).
    mutating func readList<Item>(_ scanner: inout LineScanner, _ expected: String, hint: String? = nil,
                                 item: (inout ScheduleParser, Token) -> Item?) -> [Item]? {
        var items: [Item] = []
        var failed = false
        repeat {
            guard let token = expectWord(&scanner, expected, hint: hint) else { return nil }
            if let value = item(&self, token) { items.append(value) } else { failed = true }
        } while scanner.isAtComma() && scanner.next() != nil
        return failed ? nil : items
    }

    mutating func readName(_ scanner: inout LineScanner, of statement: String) -> Located<String>? {
        guard let token = expectWord(&scanner, "a name after '\(statement)'", hint: "e.g. '\(statement) weekly-tip'")
        else { return nil }
        guard Self.isName(token.text) else {
            bag.error("'\(token.text)' is not a valid \(statement) name", at: token.location,
                      hint: "use letters, digits, '-' and '_'")
            return nil
        }
        return Located(token.text, at: token.location)
    }

    static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }

    mutating func regionPath(_ token: Token) -> RegionPath? {
        let path = RegionPath(token.text)
        guard path.components.allSatisfy(Self.isName) else {
            bag.error("'\(token.text)' is not a region path", at: token.location,
                      hint: "a path is names joined by '/', e.g. jiangxi/nanchang")
            return nil
        }
        return path
    }

    mutating func date(_ token: Token) -> LocalDate? {
        switch LocalDate.parse(token.text) {
        case .success(let date):
            return date
        case .failure(.notADate):
            bag.error("'\(token.text)' is not a date", at: token.location, hint: Self.dateExample)
        case .failure(.doesNotExist(let year, let month)):
            let hint = (1...12).contains(month)
                ? "\(Self.monthNames[month - 1]) \(year) has \(LocalDate.daysIn(month: month, year: year)) days"
                : "months run from 01 to 12"
            bag.error("\(token.text) does not exist", at: token.location, hint: hint)
        }
        return nil
    }

    mutating func time(_ token: Token) -> LocalTime? {
        guard let time = Self.time(token.text) else {
            bag.error("'\(token.text)' is not a time", at: token.location, hint: Self.timeExample)
            return nil
        }
        return time
    }

    static func time(_ text: String) -> LocalTime? { LocalTime.parse(text) }

    /// `2021-02-11` or `2021-02-11..2021-02-17`.
    mutating func dateRange(_ token: Token) -> Located<DateRange>? {
        guard let dots = token.text.range(of: "..") else {
            return date(token).map { Located(DateRange(first: $0, last: $0), at: token.location) }
        }
        let firstText = String(token.text[..<dots.lowerBound])
        let lastText = String(token.text[dots.upperBound...])
        var lastToken = token
        lastToken.text = lastText
        lastToken.location.column += firstText.unicodeScalars.count + 2
        var firstToken = token
        firstToken.text = firstText
        guard let first = date(firstToken), let last = date(lastToken) else { return nil }
        guard first <= last else {
            bag.error("the range \(token.text) ends before it starts", at: lastToken.location,
                      hint: "write the earlier day first")
            return nil
        }
        return Located(DateRange(first: first, last: last), at: token.location)
    }

    mutating func channel(_ token: Token) -> Located<Channel>? {
        guard let channel = Channel(rawValue: token.text) else {
            bag.error("unknown channel '\(token.text)'", at: token.location,
                      hint: Suggestion.didYouMean(token.text, among: Channel.allCases.map(\.rawValue))
                        ?? "channels are sms and webhook")
            return nil
        }
        return Located(channel, at: token.location)
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
}
