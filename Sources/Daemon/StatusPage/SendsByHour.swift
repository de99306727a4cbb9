import Foundation
import Outbox

/// Today's sends per hour for the status page, counted as the daemon records
/// outcomes (`DaemonMetrics.concluded` sees every one), not read from the outbox.
///
/// Why here and not in the outbox: the attempts log has no time index, so
/// counting "today" there means scanning the log on every page view (every
/// ten seconds on a wall screen), and a per-hour table written in the record
/// transaction would add a write to the dispatcher's hottest path in both
/// backends. Counting in memory costs nothing per send; the price is that a
/// restarted daemon counts from its start (the page says so), and that with
/// several daemons on one outbox each page shows its own instance's sends.
///
/// Slots are 15 minutes of UTC: every zone's offset is a whole number of
/// quarter hours, so any campaign's local hours are whole slots. Two days are
/// kept, enough for "today" in any zone.
struct HourlySends: Hashable, Sendable {
    static let slotSeconds: Int64 = 900
    static let keptSeconds: Int64 = 2 * 86_400

    struct Tally: Hashable, Sendable {
        /// Taken by the gateway.
        var delivered: Int64 = 0
        /// Attempts that ended retrying or dead.
        var failed: Int64 = 0
        var sent: Int64 { delivered + failed }
    }

    private(set) var slots: [Int64: Tally] = [:]

    /// One attempt that ended at `at`; skips (opted out, capped) made no request and count nothing.
    mutating func record(_ state: DeliveryState, at: Int64) {
        let slot = at.floorDivided(by: Self.slotSeconds)
        switch state {
        case .delivered: slots[slot, default: Tally()].delivered += 1
        case .retrying, .dead: slots[slot, default: Tally()].failed += 1
        default: return
        }
        let oldest = slot - Self.keptSeconds / Self.slotSeconds
        if slots.count > Int(Self.keptSeconds / Self.slotSeconds) { slots = slots.filter { $0.key > oldest } }
    }

    /// The attempts that ended in [from, to).
    func tally(from: Int64, to: Int64) -> Tally {
        let first = from.floorDivided(by: Self.slotSeconds), end = to.floorDivided(by: Self.slotSeconds)
        return slots.reduce(into: Tally()) { total, entry in
            guard entry.key >= first, entry.key < end else { return }
            total.delivered += entry.value.delivered
            total.failed += entry.value.failed
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

private extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return self % divisor < 0 ? quotient - 1 : quotient
    }
}

/// The daemon's one `HourlySends`, shared by the dispatcher (writes) and the page (reads).
final class SendsByHour: @unchecked Sendable {
    private let lock = NSLock()
    private var sends = HourlySends()

    func record(_ state: DeliveryState, at: Int64) {
        lock.withLock { sends.record(state, at: at) }
    }

    var current: HourlySends { lock.withLock { sends } }
}
