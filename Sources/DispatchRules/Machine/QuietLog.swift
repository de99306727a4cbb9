import Foundation

/// Says in the log when a campaign's quiet hours start holding sends that are
/// due, and when they let them go: two lines a night per campaign and channel,
/// not one per turn of the dispatcher (which looks every second). Only sends
/// that are due are held, so a quiet night with nothing waiting logs nothing.
package struct QuietLog: Sendable {
    /// `campaign` and channel → when the window ends.
    private var holding: [String: Int64] = [:]

    package init() {}

    /// Quiet hours hold `campaign`'s due sends on `channel` until `resume`; a line the first time.
    package mutating func hold(campaign: String, channel: String, until resume: Int64) -> LogLine? {
        let key = campaign + "\u{1F}" + channel
        guard holding[key] == nil else { return nil }
        holding[key] = resume
        return LogLine(level: .notice, message: "quiet hours: holding \(channel) of campaign '\(campaign)' until they end",
                       metadata: ["campaign": campaign, "channel": channel, "until": Self.iso8601(resume)])
    }

    /// `campaign`'s sends on `channel` may go again; a line when quiet hours held them.
    package mutating func release(campaign: String, channel: String) -> LogLine? {
        guard holding.removeValue(forKey: campaign + "\u{1F}" + channel) != nil else { return nil }
        return LogLine(level: .notice, message: "quiet hours over: sending \(channel) of campaign '\(campaign)' again",
                       metadata: ["campaign": campaign, "channel": channel])
    }

    private static func iso8601(_ seconds: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
