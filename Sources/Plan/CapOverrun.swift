import CivilDate
import Schedule

/// One calendar day or week in which the people of some regions would be sent
/// more messages on a channel than a campaign's `cap` allows: what `check`
/// warns about, before the daemon skips the later sends as `capped`.
public struct CapOverrun: Hashable, Sendable {
    public var cap: FrequencyCap
    /// The day, or the Monday starting the week, in the campaign's zone.
    public var period: LocalDate
    /// The regions whose people this concerns (by index, declaration order):
    /// every region with a list that receives exactly these messages.
    public var regions: [Int]
    /// Every occurrence those people would be sent in the period, in the order
    /// the daemon leases them (due time, then the document's order).
    public var occurrences: [Occurrence]
    /// Those the cap skips: the later ones, once the period's count is reached.
    public var capped: [Occurrence]

    public init(cap: FrequencyCap, period: LocalDate, regions: [Int], occurrences: [Occurrence], capped: [Occurrence]) {
        self.cap = cap
        self.period = period
        self.regions = regions
        self.occurrences = occurrences
        self.capped = capped
    }

    /// What repeats from one period to the next when the same messages come
    /// at the same times: overruns with equal patterns are reported together.
    var pattern: [String] {
        let sent = occurrences.map { $0.label(in: cap.period) + (capped.contains($0) ? " capped" : "") }
        return [cap.description, regions.map(String.init).joined(separator: ",")] + sent
    }
}

extension Occurrence {
    /// `duanka 11:00`; within a week `duanka Wed 11:00`.
    func label(in period: FrequencyCap.Period, named: Bool = true) -> String {
        let day = period == .week ? local.date.weekday.abbreviation.capitalized + " " : ""
        return (named ? message + " " : "") + day + local.time.description
    }
}

extension LocalDate {
    /// The Monday of this date's week (weeks run Monday to Sunday, as the caps count them).
    var monday: LocalDate {
        LocalDate(dayNumber: dayNumber - (Weekday.allCases.firstIndex(of: weekday) ?? 0))
    }
}
