import CivilDate
import Schedule

extension Message {
    /// Every firing of this message inside the campaign, sorted by instant.
    /// Rules add up; two wall times that denote the same instant (a rule at 03:30
    /// and one at 02:30 on a spring-forward day) fire once.
    public func occurrences(in campaign: Campaign, clock: inout ZoneClock) -> [Occurrence] {
        let window = MessageWindow(campaign: campaign, message: self)
        var wallTimes: [LocalDateTime] = []
        for rule in rules { rule.recurrence.wallTimes(in: window, into: &wallTimes) }
        let sorted = wallTimes.map { clock.occurrence(of: name, at: $0) }.sorted()
        var unique: [Occurrence] = []
        unique.reserveCapacity(sorted.count)
        for occurrence in sorted where occurrence.instant != unique.last?.instant {
            unique.append(occurrence)
        }
        return unique
    }
}
