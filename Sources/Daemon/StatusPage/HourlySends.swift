import Foundation
import Outbox

/// Today's sends per hour for the status page, from the outbox's counts per
/// quarter hour of UTC (`StatusOutbox.sendsBySlot`), which `record` keeps in
/// the outcome's transaction: a restarted daemon's chart still shows the hours
/// before its start, and on PostgreSQL it adds up every instance's sends.
///
/// Every zone's offset is a whole number of quarter hours, so any campaign's
/// local hours are whole slots.
struct HourlySends: Hashable, Sendable {
    /// How far around now the page reads: "today" in any zone lies within a day either side.
    static let aroundSeconds: Int64 = 86_400 + 14 * 3_600

    struct Tally: Hashable, Sendable {
        /// Taken by the gateway.
        var delivered: Int64 = 0
        /// Attempts that ended retrying or dead.
        var failed: Int64 = 0
        var sent: Int64 { delivered + failed }
    }

    private(set) var slots: [SendSlot]

    init(_ slots: [SendSlot] = []) {
        self.slots = slots
    }

    /// The attempts that ended in [from, to), both on slot boundaries.
    func tally(from: Int64, to: Int64) -> Tally {
        slots.reduce(into: Tally()) { total, slot in
            guard slot.start >= from, slot.start < to else { return }
            total.delivered += slot.delivered
            total.failed += slot.failed
        }
    }

    /// The hours of the day that holds `now` in `zone`, each with its local hour
    /// (23 or 25 of them on a daylight-saving change).
    func today(now: Int64, zone: TimeZone) -> [(hour: Int, tally: Tally)] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let midnight = calendar.startOfDay(for: Date(timeIntervalSince1970: TimeInterval(now)))
        guard let tomorrow = calendar.date(byAdding: .day, value: 1, to: midnight) else { return [] }
        let end = Int64(tomorrow.timeIntervalSince1970)
        var start = Int64(midnight.timeIntervalSince1970), hours: [(hour: Int, tally: Tally)] = []
        while start < end {
            let next = min(end, start + 3_600)
            let hour = calendar.component(.hour, from: Date(timeIntervalSince1970: TimeInterval(start)))
            hours.append((hour, tally(from: start, to: next)))
            start = next
        }
        return hours
    }
}
