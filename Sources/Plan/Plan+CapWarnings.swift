import CivilDate
import LineLanguage
import Schedule

extension Plan {
    /// Warnings per cap at most; the rest are summed up in one more.
    public static let capWarningLimit = 5
    /// Periods or messages named in one warning before `and N more`.
    static let capListLimit = 3
    /// Regions named in one warning before `and N more regions`.
    static let capRegionLimit = 2

    /// `check`'s warnings for the campaign's caps, at each `cap` line: one per
    /// group of regions and pattern of messages (the same messages at the same
    /// times), naming its days or weeks, what their people would be sent and
    /// what the daemon will skip as `capped`. Bounded for a campaign of months.
    public func capWarnings() -> [Diagnostic] {
        var groups: [[String]: [CapOverrun]] = [:]
        var order: [[String]] = []
        for overrun in capOverruns() {
            let pattern = overrun.pattern
            if groups[pattern] == nil { order.append(pattern) }
            groups[pattern, default: []].append(overrun)
        }
        var perCap: [FrequencyCap: [[CapOverrun]]] = [:]
        var caps: [FrequencyCap] = []
        for pattern in order {
            guard let group = groups[pattern], let cap = group.first?.cap else { continue }
            if perCap[cap] == nil { caps.append(cap) }
            perCap[cap, default: []].append(group)
        }
        return caps.flatMap { cap in
            let all = perCap[cap] ?? []
            var diagnostics = all.prefix(Self.capWarningLimit).map(capWarning)
            let rest = all.dropFirst(Self.capWarningLimit)
            if !rest.isEmpty {
                let capped = rest.joined().reduce(0) { $0 + $1.capped.count }
                diagnostics.append(Diagnostic(.warning, at: cap.location,
                                              "cap \(cap): \(rest.count) more groups of regions or \(cap.period.rawValue)s over it, "
                                                  + "\(Figures.counted(capped, "occurrence")) capped there",
                                              hint: "the warnings above show the first \(Self.capWarningLimit)"))
            }
            return diagnostics
        }
    }

    /// One group: the same regions and the same messages at the same times, in one or more periods.
    private func capWarning(_ group: [CapOverrun]) -> Diagnostic {
        let first = group[0]
        let cap = first.cap
        let sent = first.occurrences.map { $0.label(in: cap.period) }
        let capped = first.capped.map { "'\($0.message)' (\($0.label(in: cap.period, named: false)))" }
        let when = cap.period == .day
            ? "on " + Self.periods(group.map(\.period), step: 1, unit: "day")
            : (group.count == 1 ? "in the week of " : "in the weeks of ") + Self.periods(group.map(\.period), step: 7, unit: "week")
        let skipped = capped.count == 1 ? "is skipped" : "are skipped"
        let count = first.occurrences.count
        // The message stays short enough to print whole; the hint lists what they get.
        return Diagnostic(.warning, at: cap.location,
                          "cap \(cap): people in \(regionNames(first.regions)) would get \(count) "
                              + "\(cap.channel.rawValue.uppercased()) \(when); \(Self.bounded(capped)) \(skipped) as capped for them",
                          hint: "they get \(Self.bounded(sent)); move one of these messages to another \(cap.period.rawValue), "
                              + "or raise the cap to 'cap \(cap.channel.rawValue) \(count) per \(cap.period.rawValue)'")
    }

    private func regionNames(_ regions: [Int]) -> String {
        let names = regions.prefix(Self.capRegionLimit).map { tree.regions[$0].path.description }
        let more = regions.count - names.count
        return names.joined(separator: ", ") + (more > 0 ? " and \(Figures.counted(more, "more region"))" : "")
    }

    /// `2021-03-04..2021-03-06, 2021-04-01 and 3 more days`: consecutive periods as ranges.
    static func periods(_ starts: [LocalDate], step: Int, unit: String) -> String {
        var ranges: [(first: LocalDate, last: LocalDate, count: Int)] = []
        for start in starts.sorted(by: { $0.dayNumber < $1.dayNumber }) {
            if let last = ranges.last, last.last.dayNumber + step == start.dayNumber {
                ranges[ranges.count - 1].last = start
                ranges[ranges.count - 1].count += 1
            } else {
                ranges.append((start, start, 1))
            }
        }
        let shown = ranges.prefix(capListLimit)
        let text = shown.map { $0.count == 1 ? "\($0.first)" : "\($0.first)..\($0.last)" }.joined(separator: ", ")
        let more = ranges.dropFirst(capListLimit).reduce(0) { $0 + $1.count }
        return text + (more > 0 ? " and \(Figures.counted(more, "more \(unit)"))" : "")
    }

    /// At most `capListLimit` items, then `and N more`.
    static func bounded(_ items: [String]) -> String {
        let limit = items.count > capListLimit + 1 ? capListLimit : items.count
        let shown = items.prefix(limit).joined(separator: ", ")
        return limit < items.count ? shown + " and \(items.count - limit) more" : shown
    }
}
