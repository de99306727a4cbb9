import CivilDate
import Rehearsal

/// When each of `status`'s next occurrences should finish, as `rehearse`
/// predicts it with the daemon's own rules: the days from the first of them
/// to the last, rehearsed through the config's gateways (rates, concurrency,
/// quiet hours, caps, routes). Earlier occurrences of those days are rehearsed
/// too, since they take the gateways first; what the outbox already sent is not
/// looked at. Bounded in time, so `status` stays quick: a rehearsal that runs
/// out of time leaves the finishes out.
enum RehearsedFinish {
    /// Real time the rehearsal may take inside `status`.
    static let budget: Duration = .seconds(3)

    /// `next` with `rehearsedFinish` set where the rehearsal finished the occurrence.
    static func fill(_ next: [NextOccurrence], inputs: RehearsalInputs) -> [NextOccurrence] {
        let wanted = Set(next.map { Key(campaign: $0.campaign, message: $0.message, at: $0.at.seconds) })
        let occurrences = inputs.load.campaigns.flatMap { campaign in
            campaign.plan.occurrences.filter {
                wanted.contains(Key(campaign: campaign.name, message: $0.message, at: $0.instant))
            }
        }
        guard let first = occurrences.map(\.local.date).min(), let last = occurrences.map(\.local.date).max() else { return next }
        var options = Rehearsal.Options(from: first, to: last, horizonDays: 7)
        options.budget = budget
        let rehearsal = Rehearsal.run(inputs.load.campaigns, destinations: inputs.destinations,
                                      routes: inputs.configuration.routes, options: options)
        guard !rehearsal.outOfTime else { return next }
        var finishes: [Key: Int64] = [:]
        var unfinished: Set<Key> = []
        for row in rehearsal.rows {
            let key = Key(campaign: row.campaign, message: row.message, at: row.occurrence.instant)
            guard wanted.contains(key) else { continue }
            if row.unsent > 0 { unfinished.insert(key) }
            if let lastSend = row.lastSend { finishes[key] = max(finishes[key] ?? lastSend, lastSend) }
        }
        return next.map { occurrence in
            var occurrence = occurrence
            let key = Key(campaign: occurrence.campaign, message: occurrence.message, at: occurrence.at.seconds)
            if !unfinished.contains(key), let finish = finishes[key] { occurrence.rehearsedFinish = Timestamp(finish) }
            return occurrence
        }
    }

    private struct Key: Hashable {
        var campaign: String
        var message: String
        var at: Int64
    }
}
