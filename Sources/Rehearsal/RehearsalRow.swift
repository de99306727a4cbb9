import CivilDate
import DispatchRules
import Loading
import Plan
import Schedule

/// One occurrence of one message on one channel through one destination, as
/// rehearsed: when it was due, when its first and last sends were handed to
/// the gateway, how long quiet hours held it, and how its people ended.
public struct RehearsalRow: Sendable {
    public var campaign: String
    public var message: String
    public var occurrence: Occurrence
    public var channel: Channel
    public var destination: String
    public var people = 0
    /// Some of `people` are regions' `people N` estimates, not counted lists.
    public var estimated = false
    public var sent = 0
    /// Of `sent`, per gateway when the destination is a route (empty otherwise).
    public var sentByGateway: [String: Int] = [:]
    public var capped = 0
    public var optedOut = 0
    /// Given up after the retry policy's last attempt.
    public var dead = 0
    public var firstSend: Int64?
    public var lastSend: Int64?
    public var quietPausedSeconds: Int64 = 0
    /// When the first quiet window began while it was still sending.
    public var quietStart: Int64?
    /// Sends handed to the gateway per civil day in the campaign's zone (retries included).
    public var sendsByDay: [LocalDate: Int] = [:]
    /// SMS segments per message; nil for webhooks.
    public var segments: Int?
    /// Sends per second the destination can carry (rate, or concurrency over latency).
    public var capacity: Double?
    public var zone: String
    public var quiet: [QuietWindow]

    init(campaign: String, message: String, occurrence: Occurrence, channel: Channel, destination: String,
         segments: Int?, capacity: Double?, zone: String, quiet: [QuietWindow]) {
        self.campaign = campaign
        self.message = message
        self.occurrence = occurrence
        self.channel = channel
        self.destination = destination
        self.segments = segments
        self.capacity = capacity
        self.zone = zone
        self.quiet = quiet
    }

    /// People neither sent, capped, opted out nor given up: still waiting at the rehearsal's end.
    public var unsent: Int { max(0, people - sent - capped - optedOut - dead) }

    /// Days other than the due day with sends.
    public var spillDays: [LocalDate] { sendsByDay.keys.filter { $0 != occurrence.local.date }.sorted() }

    public var durationSeconds: Int64? { firstSend.flatMap { first in lastSend.map { $0 - first } } }

    /// Segments handed to the gateway for the people sent.
    public var segmentsSent: Int? { segments.map { $0 * sent } }

    mutating func add(_ tally: RehearsalTally, people: Int, estimated: Bool) {
        self.people += people
        self.estimated = self.estimated || estimated
        sent += tally.delivered
        sentByGateway.merge(tally.deliveredVia, uniquingKeysWith: +)
        capped += tally.capped
        optedOut += tally.optedOut
        dead += tally.dead
        if let first = tally.firstSend { firstSend = min(firstSend ?? Int64(first), Int64(first.rounded(.down))) }
        if let last = tally.lastSend { lastSend = max(lastSend ?? Int64(last), Int64(last.rounded(.down))) }
        for (day, count) in tally.sendsByDay { sendsByDay[LocalDate(dayNumber: Int(day)), default: 0] += count }
    }

    /// Works out the quiet-hours pause between the first and the last send.
    mutating func settleQuietHours(campaign: LoadedCampaign?) {
        guard let campaign, var hours = QuietHours(campaign: campaign.document.campaign),
              let first = firstSend, let last = lastSend else { return }
        (quietPausedSeconds, quietStart) = hours.quietSpan(for: channel, from: first, to: last)
    }
}
