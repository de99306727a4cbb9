import Outbox

/// One occurrence the schedule has next, as `status` shows it before anything
/// of it is in the outbox (19:58 before a 20:00 launch), with the controls
/// that will meet it: a pause, or a cancel decided ahead.
struct NextOccurrence: Hashable, Sendable, Codable {
    var campaign: String
    var message: String
    var at: Timestamp
    /// The planned wall time where the campaign lives: `2021-02-09 20:00 +08:00`.
    var local: String
    /// A pause of the message or its campaign holds: it will be enqueued paused.
    var paused: Bool
    /// Regions a pause narrowed to them holds, when not all of them are paused.
    var pausedRegions: [String]
    /// Cancelled ahead for every region: it will be recorded as cancelled, never sent.
    var cancelled: Bool
    /// Regions cancelled ahead, when not all of them are.
    var cancelledRegions: [String]
    /// When its last send is handed to a gateway, as the rehearsal predicts it;
    /// nil without a readable config, or when it does not finish within a week.
    @JSONNullable var rehearsedFinish: Timestamp? = nil

    /// The schedule's next `limit` occurrences at or after `now`, marked.
    static func collect(_ schedule: ScheduleView, outbox: any ControlOutbox, now: Int64, limit: Int = 5) async throws -> [NextOccurrence] {
        let upcoming = schedule.upcoming(after: now, limit: limit)
        let pauses = try await outbox.pauses()
        var cancels: [String: [CancelAhead]] = [:]
        for campaign in Set(upcoming.map(\.campaign)) { cancels[campaign] = try await outbox.cancelsAhead(campaign: campaign) }
        return upcoming.map { next in
            let occurrence = next.occurrence
            let ahead = (cancels[next.campaign] ?? []).filter { $0.message == occurrence.message && $0.occurrence == occurrence.instant }
            return NextOccurrence(
                campaign: next.campaign, message: occurrence.message, at: Timestamp(occurrence.instant),
                local: ScheduleView.time(occurrence),
                paused: pauses.contains { $0.region == nil && $0.covers(campaign: next.campaign, message: occurrence.message,
                                                                         occurrence: occurrence.instant) },
                pausedRegions: pauses.compactMap { pause in
                    pause.region.flatMap { pause.covers(campaign: next.campaign, message: occurrence.message, region: $0,
                                                        occurrence: occurrence.instant) ? $0 : nil }
                },
                cancelled: ahead.contains { $0.region == nil },
                cancelledRegions: ahead.contains { $0.region == nil } ? [] : ahead.compactMap(\.region))
        }
    }

    /// `  2021-02-09 20:00 +08:00  chunfeng/launch  (in 2m)  paused`.
    func line(now: Int64) -> String {
        var marks: [String] = []
        if cancelled { marks.append("cancelled") }
        if !cancelledRegions.isEmpty { marks.append("cancelled in " + cancelledRegions.joined(separator: ", ")) }
        if paused { marks.append("paused") }
        if !paused && !pausedRegions.isEmpty { marks.append("paused in " + pausedRegions.joined(separator: ", ")) }
        let when = at.seconds > now ? "in \(Display.duration(at.seconds - now))" : "due now"
        return "  \(local)  \(campaign)/\(message)  (\(when))" + (marks.isEmpty ? "" : "  " + marks.joined(separator: "; "))
    }
}
