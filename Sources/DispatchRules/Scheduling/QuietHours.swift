import CivilDate
import Plan
import Schedule

/// Whether a channel may send at an instant under a campaign's quiet windows, and
/// if not, when it may again. The planner cannot schedule an SMS inside quiet
/// hours (`check` refuses it), but a long broadcast can run into them: it pauses
/// at the window's start and resumes at its end.
public struct QuietHours: Sendable {
    private let windows: [QuietWindow]
    private var clock: ZoneClock

    public init?(campaign: Campaign) {
        guard let clock = ZoneClock(identifier: campaign.timeZone) else { return nil }
        self.windows = campaign.quiet
        self.clock = clock
    }

    /// nil when sending is allowed at `instant`; otherwise the first instant after
    /// it at which no quiet window for `channel` applies.
    public mutating func resumeTime(for channel: Channel, at instant: Int64) -> Int64? {
        let relevant = windows.filter { $0.channels.contains(channel) }
        guard !relevant.isEmpty else { return nil }
        var probe = instant
        var resumed: Int64?
        // Windows may overlap or chain (21:30-23:00 and 23:00-08:00): step to each
        // window's end until none applies; bounded, since each step moves forward.
        for _ in 0..<(relevant.count * 2 + 1) {
            let local = ZoneClock.wallTime(instant: probe, utcOffset: clock.offset(at: probe))
            guard let window = relevant.first(where: { $0.contains(local.time) }) else { return resumed }
            let endDate = window.end > local.time ? local.date : local.date.adding(days: 1)
            let end = clock.resolve(LocalDateTime(date: endDate, time: window.end)).instant
            guard end > probe else { return resumed }
            probe = end
            resumed = end
        }
        return resumed
    }
}
