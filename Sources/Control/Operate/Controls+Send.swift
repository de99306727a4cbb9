import Outbox

extension Controls {
    /// `send MESSAGE --occurrence T`: an occurrence skipped as missed while the
    /// daemon was down is sent after all, due now. Only skipped broadcasts
    /// reopen, and the outbox's keys still give each person one copy.
    static func sendMissed(_ target: ControlTarget, occurrence: Int64, shown: String, in outbox: any ControlOutbox & StatusOutbox,
                           now: Int64) async throws -> CommandOutcome {
        var filter = target.filter
        filter.occurrence = occurrence
        let change = try await outbox.sendMissed(filter, now: now)
        guard !change.isEmpty else {
            let states = Set(try await outbox.broadcastStatuses(filter, limit: 100).map(\.state.name)).sorted()
            if states.isEmpty {
                return .failure("nothing to send: the occurrence \(shown) of \(target) is not in the outbox; "
                    + "only an occurrence skipped as missed while down can be sent on purpose (a later one is sent when due)")
            }
            return .failure("nothing to send: the occurrence \(shown) of \(target) was not skipped as missed while down "
                + "(its broadcasts are \(states.joined(separator: ", ")))")
        }
        return .success("sending \(target) of \(shown) on purpose: \(broadcasts(1, parts: Int64(change.broadcasts))) due now; "
            + "nobody already reached is sent it again")
    }

    /// The schedule's occurrence of `message` at `instant`, or an error naming the nearest ones.
    static func scheduledOccurrence(_ target: ControlTarget, at instant: Int64, in schedule: ScheduleView) throws -> String {
        let all = schedule.occurrences(campaign: target.campaign, message: target.message, region: nil, from: nil, until: nil)
        if let match = all.first(where: { $0.instant == instant }) { return ScheduleView.time(match) }
        let before = all.last { $0.instant < instant }, after = all.first { $0.instant > instant }
        let near = [before, after].compactMap { $0.map(ScheduleView.time) }
        throw OperateError("\(target) has no occurrence then"
            + (near.isEmpty ? "" : "; the nearest: " + near.joined(separator: ", ")))
    }
}
