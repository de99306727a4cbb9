import Outbox
import TextFormat

/// `status` as text for a person: the daemon, the broadcasts with their
/// progress, what comes next, the gateways and the latest failures.
struct StatusRenderer {
    var display: Display
    /// Progress bars, for a terminal.
    var bars: Bool

    func render(_ report: StatusReport) -> String {
        var sections = [daemonSection(report)]
        if !report.instances.isEmpty {
            sections.append(titled("Instances on the shared outbox", report.instances.map {
                $0.line(now: report.generatedAt.seconds, display: display)
            }))
        }
        sections.append(titled("Broadcasts", report.broadcasts.isEmpty
            ? ["  none due yet"] : report.broadcasts.flatMap { occurrenceLines($0, now: report.generatedAt.seconds) }))
        if !report.upcoming.isEmpty {
            sections.append(titled("Upcoming", report.upcoming.flatMap { occurrenceLines($0, now: report.generatedAt.seconds) }))
        }
        if !report.next.isEmpty {
            sections.append(titled("Next from the schedule", report.next.map { next in
                next.line(now: report.generatedAt.seconds)
                    + (next.rehearsedFinish.map { "  rehearsed to finish \(display.time($0.seconds, campaign: next.campaign))" } ?? "")
            }))
        }
        if !report.held.isEmpty {
            sections.append(titled("Held: the recipient list cannot be read, or changed", report.held.map { held in
                "  \(held.campaign)/\(held.message)  \(held.region)  \(held.channel): \(held.problem); tried again at \(display.time(held.retryAt.seconds, campaign: held.campaign))"
            }))
        }
        let unserved = report.destinations.filter { $0.unservedSince != nil && $0.counts.unfinished > 0 }
        if !unserved.isEmpty {
            sections.append(titled("Held: the gateway or endpoint is no longer in broadcastd.conf", unserved.map { destination in
                let since = destination.unservedSince.map { display.time($0.seconds) } ?? "?"
                return "  \(destination.name) (\(destination.channel)): \(Display.count(destination.counts.unfinished)) waiting since "
                    + "the reload at \(since); put it back and reload, or cancel them"
            }))
        }
        if !report.pauses.isEmpty {
            sections.append(titled("Paused", report.pauses.map { pause in
                "  " + (pause.message.map { "\(pause.campaign)/\($0)" } ?? "\(pause.campaign) (the whole campaign)") + scope(of: pause)
            }))
        }
        if !report.destinations.isEmpty {
            // A province has dozens of endpoints; those with nothing to do fold into one
            // line, so the ones sending, waiting or failing stand out. `--json` lists all.
            let (busy, idle) = (report.destinations.filter { !$0.isIdle }, report.destinations.filter(\.isIdle))
            var lines = busy.isEmpty ? [] : [destinationTable(busy).rendered()]
            if !idle.isEmpty {
                let names = idle.prefix(8).map(\.name).joined(separator: ", ") + (idle.count > 8 ? ", …" : "")
                lines.append("  \(Display.count(idle.count)) idle (nothing waiting, dead or sent in the last minute): \(names)")
            }
            if let carried = carriedLine(report.destinations) { lines.append(carried) }
            if let failovers = failoverLine(report.destinations) { lines.append(failovers) }
            sections.append(titled("Gateways and endpoints", lines))
        }
        if !report.failureGroups.isEmpty {
            // One line per cause and destination, not per recipient: an outage of
            // thousands reads as one line; `log --state dead` has the recipients.
            sections.append(titled("Recent failures, by cause", [failureTable(report.failureGroups).rendered()]))
        } else if !report.recentFailures.isEmpty {
            let table = LogRenderer(display: display).table(report.recentFailures, indent: "  ", withHeader: false)
            sections.append(titled("Recent failures", [table.rendered()]))
        }
        if !report.controls.isEmpty {
            sections.append(titled("Latest controls (broadcastctl log --controls)",
                                   [ControlLine.table(report.controls, display: display, indent: "  ").rendered()]))
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// ` in jiangxi/nanchang, occurrences from 2021-02-10 00:00:00`: how a pause is narrowed, if it is.
    private func scope(of pause: StatusReport.Pause) -> String {
        var text = pause.region.map { " in \($0)" } ?? ""
        let bounds = [pause.from.map { "from \(display.time($0.seconds))" }, pause.until.map { "before \(display.time($0.seconds))" }]
        if pause.from != nil || pause.until != nil { text += ", occurrences " + bounds.compactMap { $0 }.joined(separator: " ") }
        return text
    }

    private func titled(_ title: String, _ lines: [String]) -> String {
        ([title] + lines).joined(separator: "\n")
    }

    private func daemonSection(_ report: StatusReport) -> String {
        let daemon = report.daemon
        let now = report.generatedAt.seconds
        func ago(_ time: Timestamp?) -> String { time.map { Display.duration(now - $0.seconds) + " ago" } ?? "never" }
        var lines: [String] = []
        let pid = daemon.pid.map(String.init) ?? "?"
        switch daemon.state {
        case .running:
            let since = daemon.startedAt.map { "since \(display.time($0.seconds)) (up \(Display.duration(now - $0.seconds)))" } ?? ""
            lines.append("broadcastd: running, pid \(pid), \(since), heartbeat \(ago(daemon.heartbeatAt))")
        case .unresponsive:
            lines.append("broadcastd: UNRESPONSIVE: pid \(pid) exists but its last heartbeat was \(ago(daemon.heartbeatAt))")
        case .stopped:
            let at = daemon.stoppedAt.map { display.time($0.seconds) } ?? "?"
            lines.append("broadcastd: stopped at \(at) (\(ago(daemon.stoppedAt)))")
        case .notRunning:
            lines.append("broadcastd: NOT RUNNING: pid \(pid) is gone without a clean stop; last heartbeat \(ago(daemon.heartbeatAt))")
        case .neverStarted:
            lines.append("broadcastd: has never run with this outbox")
        }
        if let stop = daemon.emergencyStopSince {
            lines.append("EMERGENCY STOP since \(display.time(stop.seconds)) (SIGUSR1): nothing new is sent; "
                + "lift with: systemctl kill -s SIGUSR2 broadcastd")
        }
        if daemon.clockOffsetSeconds != 0 {
            let direction = daemon.clockOffsetSeconds < 0 ? "behind" : "ahead of"
            lines.append("its clock runs \(Display.duration(abs(daemon.clockOffsetSeconds))) \(direction) the wall clock "
                + "(--pretend-now); times below are on its clock")
        }
        if let reload = daemon.lastReload {
            if reload.succeeded {
                lines.append("last reload \(display.time(reload.at.seconds)): applied" + (reload.changes.map { ", \($0)" } ?? ""))
            } else {
                lines.append("last reload \(display.time(reload.at.seconds)): FAILED, the previous schedule keeps running")
                lines += (reload.error ?? "").split(separator: "\n").map { "    " + $0 }
            }
        }
        lines.append("outbox \(report.outbox), read \(display.time(now))")
        return lines.joined(separator: "\n")
    }

    func occurrenceLines(_ occurrence: OccurrenceReport, now: Int64) -> [String] {
        let parts = occurrence.parts == 1 ? "1 part" : "\(occurrence.parts) parts"
        var lines = ["  \(occurrence.campaign)/\(occurrence.message)  \(display.minute(occurrence.occurrence.seconds, campaign: occurrence.campaign))  "
            + "\(occurrence.state.rawValue)  \(parts)"]
        let counts = occurrence.counts
        if let total = occurrence.total, let done = occurrence.doneFraction {
            let bar = bars ? Display.bar(done) + " " : ""
            lines.append("    \(bar)\(Display.percent(done))  \(Display.count(counts.delivered)) of \(Display.count(total)) delivered")
        } else if occurrence.total == nil {
            lines.append("    \(Display.count(counts.delivered)) delivered so far; the recipient list is still being read")
        }
        let detail = stateDetail(occurrence)
        if !detail.isEmpty { lines.append("    " + detail) }
        if let projection = occurrence.projection { lines += projectionLines(projection, campaign: occurrence.campaign, now: now) }
        if let rate = occurrence.ratePerSecond {
            var text = "    \(Display.rate(rate)) over the last minute"
            if let average = occurrence.averageRatePerSecond { text += " (average \(Display.rate(average)))" }
            if occurrence.projection == nil, let left = occurrence.secondsToFinish { text += ", about \(Display.duration(left)) to finish" }
            lines.append(text)
        }
        // Only once a report came: a gateway without reports would say "no report yet" for ever.
        if let handset = occurrence.handset, handset.hasReports { lines.append("    handsets: " + handset.summary) }
        return lines
    }

    /// `held by quiet hours until …` and `at kannel's 1/s: finishes about …`, from the
    /// configured rates and quiet windows (the rehearsal's model), not the last minute's pace.
    private func projectionLines(_ projection: FinishProjection, campaign: String, now: Int64) -> [String] {
        var lines: [String] = []
        if let until = projection.quietUntil {
            lines.append("    held by quiet hours until \(display.minute(until.seconds, campaign: campaign)) "
                + "(in \(Display.duration(until.seconds - now)))")
        }
        let finish = projection.finishAt.seconds
        lines.append("    bound by \(projection.boundBy) at \(Display.rate(projection.limitPerSecond)): finishes about "
            + "\(display.minute(finish, campaign: campaign)) (in \(Display.duration(finish - now)))")
        return lines
    }

    /// Every non-zero state but delivered, cancelled and skipped with their reasons, and duplicates.
    private func stateDetail(_ occurrence: OccurrenceReport) -> String {
        let counts = occurrence.counts
        var items: [String] = []
        for state in [DeliveryState.pending, .inFlight, .retrying, .dead] where counts[state] > 0 {
            items.append("\(state == .inFlight ? "in flight" : state.name) \(Display.count(counts[state]))")
        }
        for state in [DeliveryState.cancelled, .skipped] where counts[state] > 0 {
            let reasons = occurrence.closed.filter { $0.state == state.name && !$0.reason.isEmpty }
                .map { "\($0.reason) \(Display.count($0.count))" }
            items.append("\(state.name) \(Display.count(counts[state]))" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))"))
        }
        if occurrence.duplicates > 0 { items.append("duplicates \(Display.count(occurrence.duplicates)) (listed again, sent once)") }
        return items.joined(separator: " · ")
    }

    /// With a route, what each SMS gateway delivered, idle ones included: the table
    /// counts a routed broadcast under its route, the gateways' own counters say
    /// which gateway carried it. A route is a destination whose broadcasts were
    /// delivered by others (its own counter stays 0).
    private func carriedLine(_ destinations: [DestinationReport]) -> String? {
        let sms = destinations.filter { $0.channel == "sms" }
        guard sms.contains(where: { $0.counts.delivered > $0.delivered }) else { return nil }
        let items = sms.filter { $0.delivered > 0 }.map { "\($0.name) \(Display.count($0.delivered))" }
        return items.isEmpty ? nil : "  delivered by gateway: " + items.joined(separator: " · ")
    }

    /// A route's failovers per gateway, idle ones included: how many recorded
    /// deliveries failed over away from it, and how many to it.
    private func failoverLine(_ destinations: [DestinationReport]) -> String? {
        let items = destinations.filter { $0.failedOverFrom > 0 || $0.failedOverTo > 0 }.map { destination in
            var counts: [String] = []
            if destination.failedOverFrom > 0 { counts.append("\(Display.count(destination.failedOverFrom)) from it") }
            if destination.failedOverTo > 0 { counts.append("\(Display.count(destination.failedOverTo)) to it") }
            return "\(destination.name) \(counts.joined(separator: ", "))"
        }
        return items.isEmpty ? nil : "  failovers: " + items.joined(separator: " · ")
    }

    private func destinationTable(_ destinations: [DestinationReport]) -> TextTable {
        let rows = destinations.map { destination -> [String] in
            let errors: String
            if let recent = destination.recentErrorRate {
                errors = "\(Display.percent(recent)) of \(Display.count(destination.recentAttempts))"
            } else {
                errors = destination.errorRate.map(Display.percent) ?? "-"
            }
            return [destination.name, destination.channel, destination.rateLimitPerSecond.map(Display.rate) ?? "-", errors,
                    Display.count(destination.counts.delivered), Display.count(destination.counts.unfinished),
                    Display.count(destination.counts.dead), destination.handset?.cell ?? "-"]
        }
        return TextTable(header: ["NAME", "CHANNEL", "LIMIT", "ERRORS (1 MIN)", "DELIVERED", "WAITING", "DEAD", "HANDSETS"],
                         rows: rows, indent: "  ")
    }

    private func failureTable(_ groups: [StatusReport.FailureGroupLine]) -> TextTable {
        let rows = groups.map { group -> [String] in
            let first = display.time(group.first.seconds), last = display.time(group.last.seconds)
            // A retrying cause says how many wait and when the first tries again (`retry --now` brings them forward).
            let next = group.nextRetryAt.map { "\(Display.count(group.waiting)) waiting, next \(display.time($0.seconds))" } ?? "-"
            return [group.destination, group.outcome, Display.count(group.count) + (group.count == 1 ? " time" : " times"),
                    first == last ? last : "\(first) – \(last)", next, group.reason ?? "-"]
        }
        return TextTable(header: ["NAME", "LED TO", "COUNT", "WHEN", "RETRY", "REASON"], rows: rows, indent: "  ")
    }
}
