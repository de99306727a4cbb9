import CivilDate
import LineLanguage

/// Checks across a message's lines: its days against the campaign, its
/// times against quiet hours, its variables against the regions it reaches.
extension DocumentBuilder {
    /// The message's days (`from`…`until` inside the campaign), or nil when they are wrong or none is left.
    mutating func checkWindow(campaign: Campaign, from: Property?, until: Property?, except: [Located<DateRange>],
                              rules: [ScheduleRule], message: Located<String>) -> DateRange? {
        let span = "the campaign runs \(campaign.starts) to \(campaign.ends)"
        var first = campaign.starts
        var last = campaign.ends
        var valid = true
        for (property, isStart) in [(from, true), (until, false)] {
            guard let property, let day = date(property) else { continue }
            if day < campaign.starts || day > campaign.ends {
                bag.error("'\(property.key) \(day)' is outside the campaign", at: property.location, hint: span)
                valid = false
            } else if isStart {
                first = day
            } else {
                last = day
            }
        }
        if valid, let until, last < first {
            bag.error("'until \(last)' is before 'from \(first)'", at: until.location, hint: "'until' is the last day, inclusive")
            valid = false
        }
        for range in except where range.value.last < campaign.starts || range.value.first > campaign.ends {
            bag.error("'except \(Self.describe(range.value))' is outside the campaign", at: range.location, hint: span)
        }
        guard valid else { return nil }
        let window = DateRange(first: first, last: last)
        for rule in rules {
            for date in rule.dates where !window.contains(date.value) {
                let owner = from == nil && until == nil ? "the campaign" : "the message's days (\(first) to \(last))"
                bag.error("\(date.value) is outside \(owner)", at: date.location, hint: span)
            }
        }
        let remaining = (window.first.dayNumber...window.last.dayNumber).lazy
            .filter { day in !except.contains { $0.value.contains(LocalDate(dayNumber: day)) } }
        if remaining.first == nil {
            bag.error("message '\(message.value)' has no day left to run", at: message.location,
                      hint: "its days are \(first) to \(last), and 'except' removes all of them")
            return nil
        }
        return window
    }

    /// `every month on 31` in a window with February: those months are skipped; say which.
    mutating func warnAboutShortMonths(_ rules: [ScheduleRule], at locations: [SourceLocation], window: DateRange) {
        for (rule, location) in zip(rules, locations) {
            guard case .monthly(let days, _) = rule.recurrence else { continue }
            for day in days.sorted() where day > 28 {
                var skipped: [String] = []
                var month = LocalDate(year: window.first.year, month: window.first.month, day: 1)!
                while month <= window.last {
                    let monthLength = LocalDate.daysIn(month: month.month, year: month.year)
                    let lastOfMonth = LocalDate(year: month.year, month: month.month, day: monthLength)!
                    if monthLength < day && window.contains(lastOfMonth) {
                        skipped.append("\(ScheduleParser.monthNames[month.month - 1]) \(month.year)")
                    }
                    month = month.adding(months: 1)
                }
                if !skipped.isEmpty {
                    bag.warning("'every month on \(day)' skips \(skipped.joined(separator: ", ")): no day \(day)",
                                at: location, hint: "use an earlier day, or add a line for those months")
                }
            }
        }
    }

    /// An SMS time inside SMS quiet hours can never be sent as written.
    mutating func checkQuietHours(_ rules: [ScheduleRule], quiet: [QuietWindow]) {
        for rule in rules {
            for time in rule.times {
                guard let window = quiet.first(where: { $0.contains(time.value) }) else { continue }
                bag.error("\(time.value) is inside the SMS quiet hours \(window)", at: time.location,
                          hint: "move it out of \(window), or send this message without sms")
            }
        }
    }

    /// A variable is known when every region the message reaches resolves it.
    mutating func checkVariables(_ properties: [String: Property], reached: [Region], campaignVariables: [String: String],
                                 regions: RegionIndex) {
        // Most texts use only built-ins and campaign variables: look at regions only when needed.
        lazy var regionVariables = reached.map { (region: $0, variables: regions.inheritedVariables(of: $0.path)) }
        for key in ["text"] + Channel.allCases.map(\.rawValue) {
            guard case .text(let text)? = properties[key]?.value else { continue }
            var checked: Set<String> = []
            // Each unknown name is reported once, at its first use.
            for use in text.variables where checked.insert(use.value).inserted
                && !Self.builtInVariables.contains(use.value) && campaignVariables[use.value] == nil {
                let missing = regionVariables.filter { $0.variables[use.value] == nil }.map(\.region.path)
                guard let firstMissing = missing.first else { continue }
                if missing.count == regionVariables.count {
                    let known = Self.builtInVariables + campaignVariables.keys.sorted()
                        + regionVariables.flatMap { $0.variables.keys }
                    bag.error("unknown variable '{\(use.value)}'", at: use.location,
                              hint: Suggestion.didYouMean(use.value, among: known)
                                ?? "set it with 'set \(use.value) VALUE' on the campaign or on the regions")
                } else {
                    let more = missing.count > 1 ? " (and \(missing.count - 1) more)" : ""
                    bag.error("variable '{\(use.value)}' is not set for region \(firstMissing)\(more)", at: use.location,
                              hint: "set it on the campaign, or on those regions or a parent")
                }
            }
        }
    }

    static func describe(_ range: DateRange) -> String {
        range.first == range.last ? "\(range.first)" : "\(range.first)..\(range.last)"
    }
}
