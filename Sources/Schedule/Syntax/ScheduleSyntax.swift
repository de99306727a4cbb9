import CivilDate
import LineLanguage

/// One schedule file as written: its statements in order, each value already
/// parsed and located, comments and blank lines kept. `fmt` prints this;
/// the loader splices includes and builds a `ScheduleDocument` from it.
public struct ScheduleSyntax: Hashable, Sendable {
    public var file: String
    public var statements: [Statement]
    /// Comments and blank lines after the last statement.
    public var trailingTrivia: [Trivia]

    public init(file: String, statements: [Statement], trailingTrivia: [Trivia]) {
        self.file = file
        self.statements = statements
        self.trailingTrivia = trailingTrivia
    }
}

public struct Statement: Hashable, Sendable {
    public enum Head: Hashable, Sendable {
        case campaign(name: Located<String>, title: String?)
        case include(path: Located<String>)
        case region(path: Located<RegionPath>, displayName: String?)
        case message(name: Located<String>)
    }

    public var head: Head
    /// The keyword's place.
    public var location: SourceLocation
    public var leadingTrivia: [Trivia]
    /// A `#` comment after the head, from `#`.
    public var comment: String?
    public var properties: [Property]
    /// Keys written under the statement whose value could not be read (already
    /// reported): present, so "has no 'at' line" would be a knock-on error.
    public var unreadKeys: Set<String>

    public init(head: Head, location: SourceLocation, leadingTrivia: [Trivia] = [], comment: String? = nil,
                properties: [Property] = [], unreadKeys: Set<String> = []) {
        self.head = head
        self.location = location
        self.leadingTrivia = leadingTrivia
        self.comment = comment
        self.properties = properties
        self.unreadKeys = unreadKeys
    }

    public var keyword: String {
        switch head {
        case .campaign: return "campaign"
        case .include: return "include"
        case .region: return "region"
        case .message: return "message"
        }
    }
}

public struct Property: Hashable, Sendable {
    /// The key as the language spells it (`starts`, `sms-gateway`, `every`, …).
    public var key: String
    public var value: PropertyValue
    public var location: SourceLocation
    public var leadingTrivia: [Trivia]
    public var comment: String?

    public init(key: String, value: PropertyValue, location: SourceLocation, leadingTrivia: [Trivia] = [],
                comment: String? = nil) {
        self.key = key
        self.value = value
        self.location = location
        self.leadingTrivia = leadingTrivia
        self.comment = comment
    }
}

/// `lasts 3 months`.
public struct CampaignLength: Hashable, Sendable {
    public enum Unit: String, Hashable, Sendable, CaseIterable {
        case days, weeks, months
    }

    public var count: Int
    public var unit: Unit

    public init(count: Int, unit: Unit) {
        self.count = count
        self.unit = unit
    }

    /// The last day of a campaign that starts on `start`, inclusive: the day
    /// before the same day N months on (2021-02-09 + 3 months runs through
    /// 2021-05-08). When that month has no such day, the campaign runs to the
    /// month's end (2020-01-31 + 1 month runs through 2020-02-29).
    public func lastDay(from start: LocalDate) -> LocalDate {
        switch unit {
        case .days: return start.adding(days: count - 1)
        case .weeks: return start.adding(days: count * 7 - 1)
        case .months:
            let sameDay = start.adding(months: count)
            return sameDay.day < start.day ? sameDay : sameDay.adding(days: -1)
        }
    }
}

/// An `at` or `every` line with the place of each time (for the quiet-hours
/// check) and of each `at` date (for the campaign-window check).
public struct ScheduleRule: Hashable, Sendable {
    public var recurrence: Recurrence
    public var times: [Located<LocalTime>]
    public var dates: [Located<LocalDate>]

    public init(recurrence: Recurrence, times: [Located<LocalTime>], dates: [Located<LocalDate>] = []) {
        self.recurrence = recurrence
        self.times = times
        self.dates = dates
    }
}

/// A message text: inline after its key, or an indented block below it.
public struct TextSyntax: Hashable, Sendable {
    public var template: TextTemplate
    public var isBlock: Bool
    /// Each `{name}` with the column of its `{`.
    public var variables: [Located<String>]

    public init(template: TextTemplate, isBlock: Bool, variables: [Located<String>]) {
        self.template = template
        self.isBlock = isBlock
        self.variables = variables
    }
}

public enum PropertyValue: Hashable, Sendable {
    /// `starts`, `ends`, `from`, `until`.
    case date(Located<LocalDate>)
    /// `lasts`.
    case length(Located<CampaignLength>)
    /// `timezone`, `sms-gateway`, `country`.
    case name(Located<String>)
    /// The campaign's `optout FILE`.
    case file(Located<String>)
    /// `malformed-numbers N`.
    case count(Located<Int>)
    /// A region's `people N`: an estimate, written and printed with digit grouping.
    case people(Located<Int>)
    /// `cap CHANNEL N per day|week`.
    case cap(FrequencyCap)
    /// `signature`: the rest of the line.
    case literal(Located<String>)
    /// `quiet 21:30-08:00[, …] [for sms[, webhook]]`.
    case quiet([Located<QuietWindow>])
    /// `set NAME VALUE`.
    case variable(name: Located<String>, value: String)
    /// A region's `sms PATH [via GATEWAY]`.
    case recipients(path: Located<String>, gateway: Located<String>?)
    /// A region's `webhook NAME[, NAME…]`.
    case endpoints([Located<String>])
    /// `at` and `every`.
    case schedule(ScheduleRule)
    /// `except DATE[..DATE][, …]`.
    case dates([Located<DateRange>])
    /// `to SELECTOR[, …] [except SELECTOR[, …]]`.
    case targets(include: [Located<RegionSelector>], exclude: [Located<RegionSelector>])
    /// `via CHANNEL[, …]`.
    case channels([Located<Channel>])
    /// A message's `text`, `sms` or `webhook`.
    case text(TextSyntax)
}
