import Outbox

/// The cores of `pause`, `resume`, `cancel` and `retry`: each changes the outbox
/// in one short transaction and says what it changed. The running daemon leases
/// from the same tables, so it follows within a second; no signal is needed.
/// Exit status 0 means the target is now as asked; 1 means nothing matched or
/// the change cannot hold (a message resumed inside a paused campaign).
enum Controls {
    static func pause(_ target: ControlTarget, in outbox: any ControlOutbox, schedule: ScheduleView? = nil,
                      now: Int64) async throws -> CommandOutcome {
        let scope = try await outbox.controlScope(target.filter)
        let next = schedule?.occurrences(campaign: target.campaign, message: target.message, region: target.region,
                                         from: max(now, target.from ?? now), until: target.until).first
        // With the schedule at hand, a target with nothing left to send and nothing ahead is finished: pausing it changes nothing.
        if schedule?.campaign(target.campaign) != nil, next == nil, scope.waiting + scope.inFlight + scope.unknownLengths == 0 {
            return .failure("nothing to pause: \(target) has nothing left to send and no later occurrence in the schedule")
        }
        let changed = try await outbox.pause(target.pause, now: now)
        var summary = "\(target): \(scopeSummary(scope))\(inFlightNote(scope))"
        if let next { summary += "; occurrences to come are paused too (next: \(ScheduleView.time(next)))" }
        return changed ? .success("paused \(summary)") : .failure("\(summary); it was already paused, nothing changed")
    }

    static func resume(_ target: ControlTarget, in outbox: any ControlOutbox) async throws -> CommandOutcome {
        let changed = try await outbox.resume(target.pause) > 0
        let pauses = try await outbox.pauses().filter { $0.campaign == target.campaign }
        if target.message != nil, pauses.contains(where: { $0.message == nil }) {
            return .failure("\(target) is \(changed ? "resumed, but it stays" : "not paused itself; it is") paused with its whole campaign; "
                + "to resume everything: broadcastctl resume --campaign \(target.campaign)")
        }
        let scope = try await outbox.controlScope(target.filter)
        guard changed else {
            // resume accepts names without broadcasts (a pause may outlive its message), so a typo lands here.
            if scope.broadcasts == 0 { return .failure("nothing to resume: \(target) is not paused and has no broadcasts in the outbox") }
            return .failure("nothing to resume: \(target) was not paused")
        }
        var text = "resumed \(target): \(scopeSummary(scope))"
        let stillPaused = pauses.compactMap(\.message)
        if target.message == nil, !stillPaused.isEmpty {
            text += "; still paused on their own: " + stillPaused.map { "'\($0)'" }.joined(separator: ", ")
        }
        return .success(text)
    }

    /// `resume --restart-list`: the target's broadcasts held for a changed list
    /// read it again from its start (`ControlOutbox.restartList`).
    static func restartList(_ target: ControlTarget, in outbox: any ControlOutbox) async throws -> CommandOutcome {
        let (restarted, refused) = try await outbox.restartList(target.filter)
        let refusal = refused == 0 ? "" : "\(plural(Int64(refused), "broadcast")) of \(target) cannot restart: the outbox no longer "
            + "knows everyone they reached (log pruned, or enqueued by an older broadcastd), so the new list could reach someone twice; "
            + "cancel them with broadcastctl cancel"
        guard restarted > 0 else {
            return .failure(refused > 0 ? refusal : "nothing to restart: no broadcast of \(target) is held because its recipient list changed")
        }
        let text = "restarted \(plural(Int64(restarted), "broadcast")) of \(target): each reads its list again from the start, "
            + "as it is now; people already reached are not sent it again"
        return refused > 0 ? .failure(text + "; " + refusal) : .success(text)
    }

    /// Cancels what the outbox holds of the target and, with the schedule at
    /// hand, records its later occurrences as cancelled ahead (`cancelAhead`).
    static func cancel(_ target: ControlTarget, reason: String, in outbox: any ControlOutbox, schedule: ScheduleView? = nil,
                       now: Int64 = 0) async throws -> CommandOutcome {
        let before = try await outbox.controlScope(target.filter)
        var change = ControlChange()
        var occurrences = before.openOccurrences
        if target.from != nil || target.until != nil {
            // The outbox's filter has no upper bound: the schedule names the occurrences of the range.
            guard let schedule else { throw OperateError("a range of occurrences needs the schedule: give --config") }
            occurrences = 0
            for occurrence in schedule.occurrences(campaign: target.campaign, message: target.message, region: target.region,
                                                   from: target.from, until: target.until) {
                var filter = target.filter
                filter.message = occurrence.message
                filter.occurrence = occurrence.instant
                let one = try await outbox.cancel(filter, reason: reason)
                if !one.isEmpty { occurrences += 1 }
                change.broadcasts += one.broadcasts
                change.deliveries += one.deliveries
            }
        } else {
            change = try await outbox.cancel(target.filter, reason: reason)
        }
        var ahead = schedule?.occurrences(campaign: target.campaign, message: target.message, region: target.region,
                                          from: max(now, target.from ?? now), until: target.until) ?? []
        // The daemon enqueues an occurrence shortly before it is due: those already in the outbox were cancelled above.
        while let first = ahead.first, first.instant <= now + 3_600 {
            var filter = target.filter
            filter.message = first.message
            filter.occurrence = first.instant
            guard try await outbox.controlScope(filter).broadcasts > 0 else { break }
            ahead.removeFirst()
        }
        let added = ahead.isEmpty ? 0 : try await outbox.cancelAhead(ahead.map {
            CancelAhead(campaign: target.campaign, message: $0.message, occurrence: $0.instant, region: target.region, reason: reason)
        }, now: now)
        guard !change.isEmpty || added > 0 else {
            let already = ahead.isEmpty ? "" : "; its later occurrences were already cancelled"
            return .failure("nothing to cancel: \(target) has \(broadcasts(before.occurrences, parts: before.broadcasts)), "
                + "each already finished, cancelled or skipped\(already)")
        }
        var parts: [String] = []
        if !change.isEmpty {
            // Cancelling leaves in-flight sends alone; they were counted while their broadcasts were open.
            parts.append("\(broadcasts(occurrences, parts: Int64(change.broadcasts))), "
                + "\(waiting(before.waiting, unknown: before.unknownLengths > 0)) that had not been sent\(inFlightNote(before))")
        }
        if added > 0, let first = ahead.first, let last = ahead.last {
            let span = first == last ? ScheduleView.time(first) : "\(ScheduleView.time(first)) to \(ScheduleView.time(last))"
            parts.append("\(plural(Int64(added), "later occurrence")) (\(span)) recorded as cancelled when due")
        }
        return .success("cancelled \(target): " + parts.joined(separator: "; "))
    }

    /// Dead deliveries back to pending; with `waiting`, also those waiting out a
    /// backoff, due now (a gateway came back and nobody should wait for the clock).
    static func retry(_ target: ControlTarget, in outbox: any ControlOutbox, now: Int64, waiting: Bool = false) async throws -> CommandOutcome {
        let dead = try await outbox.retryDead(target.filter, now: now)
        let brought = waiting ? try await outbox.retryWaiting(target.filter, now: now) : 0
        guard dead > 0 || brought > 0 else {
            let what = waiting ? "no dead deliveries and none waiting out a backoff" : "no dead deliveries"
            return .failure("\(what) of \(target) to retry (only open broadcasts are retried; cancelled and skipped ones stay)")
        }
        var parts: [String] = []
        if dead > 0 { parts.append("\(plural(Int64(dead), "dead delivery", "dead deliveries")) back to pending") }
        if brought > 0 { parts.append("\(plural(Int64(brought), "delivery", "deliveries")) waiting out a backoff due now") }
        return .success("retrying \(target): " + parts.joined(separator: ", "))
    }

    /// `1 broadcast (29 parts), 1,204 deliveries waiting`.
    static func scopeSummary(_ scope: ControlScope) -> String {
        "\(broadcasts(scope.openOccurrences, parts: scope.openBroadcasts)), \(waiting(scope.waiting, unknown: scope.unknownLengths > 0)) waiting"
    }

    /// A broadcast is one occurrence of a message, as `status` lists it; the outbox's rows
    /// (one per region, channel and audience) are its parts: `1 broadcast (29 parts)`.
    static func broadcasts(_ occurrences: Int64, parts: Int64) -> String {
        plural(occurrences, "broadcast") + (parts == occurrences ? "" : " (\(plural(parts, "part")))")
    }

    private static func waiting(_ count: Int64, unknown: Bool) -> String {
        (unknown ? "at least " : "") + plural(count, "delivery", "deliveries")
    }

    private static func inFlightNote(_ scope: ControlScope) -> String {
        scope.inFlight > 0 ? "; \(Display.count(scope.inFlight)) in flight will finish" : ""
    }

    static func plural(_ count: Int64, _ one: String, _ many: String? = nil) -> String {
        "\(Display.count(count)) \(count == 1 ? one : many ?? one + "s")"
    }
}
