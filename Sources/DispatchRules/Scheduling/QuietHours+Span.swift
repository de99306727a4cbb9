import Schedule

/// Sending time around quiet windows: what the rehearsal counts a day's capacity
/// with, and what `broadcastctl status` projects a held or rate-bound broadcast's
/// finish with, so the two never disagree on a campaign's quiet hours.
extension QuietHours {
    /// Seconds of quiet hours for `channel` in [from, to), and when the first
    /// window in it began. Probes a minute at a time and bisects to the second.
    public mutating func quietSpan(for channel: Channel, from: Int64, to: Int64) -> (seconds: Int64, firstStart: Int64?) {
        var instant = from
        var total: Int64 = 0
        var firstStart: Int64?
        while instant < to {
            if let resume = resumeTime(for: channel, at: instant) {
                if firstStart == nil { firstStart = instant }
                total += min(resume, to) - instant
                instant = resume
                continue
            }
            let probe = instant + 60
            guard probe < to else { break }
            guard resumeTime(for: channel, at: probe) != nil else { instant = probe; continue }
            var (low, high) = (instant, probe)
            while high - low > 1 {
                let middle = (low + high) / 2
                if resumeTime(for: channel, at: middle) != nil { high = middle } else { low = middle }
            }
            instant = high
        }
        return (total, firstStart)
    }

    /// When `sends` more sends on `channel` at `perSecond` (a destination's capacity,
    /// as the rehearsal counts it) end, starting at `from` and pausing through every
    /// quiet window. nil when the rate is zero or the end lies beyond a thousand windows.
    public mutating func finish(for channel: Channel, from: Int64, sends: Int64, perSecond: Double) -> Int64? {
        guard sends > 0 else { return from }
        guard perSecond > 0, perSecond.isFinite else { return nil }
        var left = Int64((Double(sends) / perSecond).rounded(.up))
        var instant = from
        // One window, or a day without one, per pass: send until the next quiet window
        // starts and wait it out. A day at most is probed at a time (a minute a probe).
        for _ in 0..<1_000 {
            if let resume = resumeTime(for: channel, at: instant) { instant = resume; continue }
            let step = min(left, 86_400)
            let quiet = quietSpan(for: channel, from: instant, to: instant + step).firstStart
            left -= (quiet ?? instant + step) - instant
            instant = quiet ?? instant + step
            if left == 0 { return instant }
        }
        return nil
    }
}
