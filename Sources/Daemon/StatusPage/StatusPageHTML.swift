import DispatchRules
import Foundation
import Loading
import Outbox
import Schedule
import TextFormat

/// The status page's HTML, rendered from one outbox snapshot: pure, so tests
/// read it without a server. Plain server-rendered HTML with its style inline
/// (no script, no font or file from anywhere: it works on an air-gapped wall
/// screen), refreshed by the browser every `refreshSeconds`. Labels are in
/// English and Chinese; figures carry `data-figure` attributes so a test (or a
/// scraper) can read them without parsing prose.
struct StatusPageHTML {
    static let refreshSeconds = 10

    var snapshot: OutboxSnapshot
    /// Campaign titles by name (`春风行动`), from the running schedule.
    var titles: [String: String] = [:]
    /// Each broadcast's times in its campaign's zone, with the offset, as `broadcastctl status` shows them.
    var zones = CampaignZones(identifiers: [:])
    /// Today's sends per hour, from the outbox's counts.
    var sends = HourlySends()
    /// This machine, whose instances' pids are checked (`InstanceRecord.state`), as `broadcastctl status` does.
    var localHost = InstanceRecord.localHost ?? ""
    var processExists: (Int32) -> Bool = InstanceRecord.processExists

    func render() -> String {
        var html = """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="\(Self.refreshSeconds)">
            <title>broadcastd 状态</title>
            <style>\(Self.style)</style></head><body>

            """
        html += daemonSection()
        // Only on a shared outbox (PostgreSQL), as `status`: SQLite's one daemon is the header.
        if !snapshot.instances.isEmpty { html += instancesSection() }
        html += broadcastsSection("broadcasts", "Broadcasts 广播", snapshot.due)
        if !snapshot.upcoming.isEmpty { html += broadcastsSection("upcoming", "Upcoming 即将发送", snapshot.upcoming) }
        html += SendsChart(sends: sends, now: snapshot.now, zones: zones).render()
        html += destinationsSection()
        html += failuresSection()
        html += "</body></html>\n"
        return html
    }

    private func daemonSection() -> String {
        let now = snapshot.now
        var state = "never started 从未启动", health = "bad"
        if let daemon = snapshot.daemon {
            let age = now - daemon.heartbeatAt
            if daemon.stoppedAt != nil {
                state = "stopped 已停止"
            } else if age <= 30 {
                state = "running 运行中 · pid \(daemon.pid) · heartbeat 心跳 \(age)s ago"
                health = daemon.emergencyStopAt == nil ? "ok" : "bad"
            } else {
                state = "unresponsive 无响应 · heartbeat 心跳 \(age)s ago"
            }
            if daemon.emergencyStopAt != nil { state += " · EMERGENCY STOP 紧急停止" }
        }
        var lines = "<header><h1>broadcastd 短信群发状态</h1>\n"
        lines += "<p id=\"daemon\" class=\"\(health)\">\(escape(state))</p>\n"
        lines += "<p class=\"muted\">read 读取于 \(time(now)) · refreshes every \(Self.refreshSeconds)s 自动刷新</p>\n"
        if !snapshot.pauses.isEmpty {
            let names = snapshot.pauses.map { $0.campaign + ($0.message.map { "/" + $0 } ?? " (whole campaign 整个活动)") }
            lines += "<p class=\"warn\">paused 已暂停: \(escape(names.joined(separator: ", ")))</p>\n"
        }
        for held in snapshot.held {
            lines += "<p class=\"warn\">held 等待名单: \(escape(held.key.campaign + "/" + held.key.message)) \(escape(held.problem))</p>\n"
        }
        return lines + "</header>\n"
    }

    /// Each instance with what it holds and when it was last seen, judged as `status` judges it.
    private func instancesSection() -> String {
        var html = "<section id=\"instances\"><h2>Instances on the shared outbox 共享发件箱的实例</h2>\n<table><thead><tr>"
        html += "<th>instance 实例</th><th>host 主机</th><th>pid</th><th>state 状态</th><th>last seen 最后心跳</th>"
        html += "<th>leased 租用</th></tr></thead><tbody>\n"
        for instance in snapshot.instances {
            let state = instance.state(now: snapshot.now, localHost: localHost, processExists: processExists)
            let (label, health) = switch state {
            case .running: ("running 运行中", "ok")
            case .stopped: ("stopped 已停止", "")
            case .notRunning: ("NOT RUNNING 未运行 (gone without a clean stop)", "bad")
            case .notSeen: ("NOT SEEN 失联", "bad")
            }
            let seen = instance.heartbeatAt.map { "\(time($0)) (\(ago($0)))" } ?? "never 从未"
            html += "<tr data-instance=\"\(instance.generation)\" data-state=\"\(state.rawValue)\" class=\"\(health)\">"
            html += "<td>#\(instance.generation)</td><td>\(escape(instance.host))</td><td>\(instance.pid.map(String.init) ?? "?")</td>"
            html += "<td>\(label)\(instance.stoppedAt.map { " · \(time($0))" } ?? "")</td><td>\(seen)</td>"
            html += "<td data-figure=\"leased\">\(instance.leased)</td></tr>\n"
        }
        return html + "</tbody></table></section>\n"
    }

    private func broadcastsSection(_ id: String, _ title: String, _ occurrences: [OccurrenceSnapshot]) -> String {
        var html = "<section id=\"\(id)\"><h2>\(title)</h2>\n"
        if occurrences.isEmpty { html += "<p class=\"muted\">none 无</p>\n" }
        for occurrence in occurrences { html += broadcast(occurrence.status) }
        return html + "</section>\n"
    }

    private func broadcast(_ status: OccurrenceStatus) -> String {
        let counts = status.counts
        let total = status.isExact ? counts.total + status.duplicates : nil
        let done = counts.delivered + counts.dead + counts.cancelled + counts.skipped + status.duplicates
        let fraction = total.map { $0 > 0 ? Double(done) / Double($0) : 1 } ?? 0
        let title = titles[status.campaign].map { "\($0) " } ?? ""
        var html = "<article class=\"broadcast\" data-campaign=\"\(escape(status.campaign))\" data-message=\"\(escape(status.message))\">\n"
        html += "<h3>\(escape(title))\(escape(status.campaign))/\(escape(status.message))"
        html += " <span class=\"muted\">\(time(status.occurrence, campaign: status.campaign))\(status.paused ? " · paused 已暂停" : "")</span></h3>\n"
        html += "<div class=\"bar\"><div style=\"width:\(Int((fraction * 100).rounded()))%\"></div></div>\n"
        html += "<p><b data-figure=\"delivered\">\(counts.delivered)</b> of 共 <b data-figure=\"total\">\(total.map(String.init) ?? "?")</b>"
        html += " delivered to the gateway 已送达网关 · \(Int((fraction * 100).rounded()))% done 完成</p>\n"
        var states: [String] = []
        for (state, label) in [(DeliveryState.pending, "pending 待发"), (.inFlight, "in flight 发送中"),
                               (.retrying, "retrying 重试"), (.dead, "dead 失败"), (.cancelled, "cancelled 取消"),
                               (.skipped, "skipped 跳过")] where counts[state] > 0 {
            states.append("\(label) <b data-figure=\"\(state.name)\">\(counts[state])</b>")
        }
        if status.duplicates > 0 { states.append("duplicates 重复 <b data-figure=\"duplicates\">\(status.duplicates)</b>") }
        if !states.isEmpty { html += "<p>\(states.joined(separator: " · "))</p>\n" }
        // What `broadcastctl status` projects, from the same `FinishEstimate`.
        if !status.paused, status.isExact,
           let estimate = FinishEstimate(status, campaign: zones.campaigns[status.campaign], rates: snapshot.configuredRates, now: snapshot.now) {
            html += projection(estimate, campaign: status.campaign)
        }
        // Only once a report came: a gateway without reports would say "no report yet" for ever.
        if !status.handset.isEmpty {
            let accepted = status.parts.filter { $0.key.channel == "sms" }.reduce(0) { $0 + $1.counts.delivered }
            html += "<p class=\"handset\">\(handset(status.handset, accepted: accepted, unreported: status.unreported(now: snapshot.now)))</p>\n"
        }
        return html + "</article>\n"
    }

    /// `held by quiet hours until …` and `bound by kannel at 1/s: finishes about …`, as `status` says them.
    private func projection(_ estimate: FinishEstimate, campaign: String) -> String {
        var html = ""
        if let until = estimate.quietUntil {
            html += "<p class=\"warn\" data-figure=\"quiet-until\">held by quiet hours until 免打扰至 \(time(until, campaign: campaign))"
            html += " (in \(inDuration(until)))</p>\n"
        }
        html += "<p class=\"projection\">bound by 受限于 <span data-figure=\"bound-by\">\(escape(estimate.boundBy))</span>"
        html += " at \(rate(estimate.limitPerSecond)): finishes about 预计完成 "
        html += "<span data-figure=\"finish-at\">\(time(estimate.finishAt, campaign: campaign))</span> (in \(inDuration(estimate.finishAt)))</p>\n"
        return html
    }

    private func inDuration(_ at: Int64) -> String {
        DurationText.approximate(seconds: at - snapshot.now)
    }

    /// `41s ago`, as `status` says when an instance was last seen.
    private func ago(_ at: Int64) -> String {
        DurationText.approximate(seconds: snapshot.now - at) + " ago"
    }

    /// `reached handsets 送达手机 3 (60%) · failed 1 · no report yet 1`.
    private func handset(_ counts: HandsetCounts, accepted: Int64, unreported: (waiting: Int64, unknown: Int64)?) -> String {
        let share = accepted > 0 ? " (\(Int((Double(counts.delivered) / Double(accepted) * 100).rounded()))%)" : ""
        var items = ["reached handsets 送达手机 <b data-figure=\"handset-delivered\">\(counts.delivered)</b>\(share)"]
        for (outcome, label) in [(HandsetOutcome.failed, "failed 失败"), (.rejected, "rejected 被拒"), (.expired, "expired 过期")]
            where counts[outcome] > 0 {
            items.append("\(label) <b data-figure=\"handset-\(outcome)\">\(counts[outcome])</b>")
        }
        if let unreported {
            if unreported.waiting > 0 { items.append("no report yet 待回执 \(unreported.waiting)") }
            if unreported.unknown > 0 { items.append("unknown 未知 \(unreported.unknown)") }
        } else if accepted > counts.reported {
            items.append("no report 无回执 \(accepted - counts.reported)")
        }
        return items.joined(separator: " · ")
    }

    private func destinationsSection() -> String {
        var recent: [String: (attempts: Int64, failed: Int64)] = [:]
        for attempts in snapshot.recentAttempts where attempts.outcome != .skipped {
            var entry = recent[attempts.destination] ?? (0, 0)
            entry.attempts += attempts.count
            if attempts.outcome == .retrying || attempts.outcome == .dead { entry.failed += attempts.count }
            recent[attempts.destination] = entry
        }
        let rates = Dictionary(snapshot.destinations.map { ($0.name, $0.ratePerSecond) }, uniquingKeysWith: { first, _ in first })
        var html = "<section id=\"destinations\"><h2>Gateways and endpoints 网关与接口</h2>\n<table><thead><tr>"
        html += "<th>name 名称</th><th>channel 渠道</th><th>rate 速率</th><th>errors, last minute 近1分钟错误</th>"
        html += "<th>delivered 已送达</th><th>waiting 等待</th><th>dead 失败</th><th>handsets 手机送达</th></tr></thead><tbody>\n"
        for total in snapshot.destinationCounts {
            let counts = total.counts, last = recent[total.destination]
            let errors = last.map { $0.attempts > 0 ? Double($0.failed) / Double($0.attempts) : 0 }
            let health = (errors ?? 0) >= 0.5 ? "bad" : (errors ?? 0) > 0 ? "warn" : "ok"
            html += "<tr data-destination=\"\(escape(total.destination))\" class=\"\(health)\"><td>\(escape(total.destination))</td>"
            html += "<td>\(escape(total.channel))</td><td>\(rate(rates[total.destination] ?? nil))</td>"
            html += "<td>\(errors.map { "\(Int(($0 * 100).rounded()))% of \(last!.attempts)" } ?? "-")</td>"
            html += "<td data-figure=\"delivered\">\(counts.delivered)</td><td>\(counts.pending + counts.inFlight + counts.retrying)</td>"
            html += "<td data-figure=\"dead\">\(counts.dead)</td><td>"
            html += total.channel == "sms" && !total.handset.isEmpty ? handset(total.handset, accepted: counts.delivered, unreported: nil) : "-"
            html += "</td></tr>\n"
        }
        return html + "</tbody></table></section>\n"
    }

    private func failuresSection() -> String {
        var html = "<section id=\"failures\"><h2>Recent failures, by cause 最近失败（按原因）</h2>\n"
        guard !snapshot.failureGroups.isEmpty else { return html + "<p class=\"muted\">none 无</p></section>\n" }
        html += "<table><thead><tr><th>name 名称</th><th>led to 结果</th><th>count 次数</th><th>when 时间</th><th>retry 重试</th><th>reason 原因</th></tr></thead><tbody>\n"
        for group in snapshot.failureGroups {
            let when = group.firstAt == group.lastAt ? time(group.lastAt) : "\(time(group.firstAt)) – \(time(group.lastAt))"
            html += "<tr class=\"failure\"><td>\(escape(group.destination))</td><td>\(group.outcome.name)</td>"
            // A retrying cause says how many wait and when the first tries again, as `status` does.
            let retry = group.nextRetryAt.map { "<b data-figure=\"waiting\">\(group.waiting)</b> waiting 等待, next 下次 \(time($0))" } ?? "-"
            html += "<td data-figure=\"count\">\(group.count)</td><td>\(when)</td><td>\(retry)</td><td>\(escape(group.reason ?? "-"))</td></tr>\n"
        }
        return html + "</tbody></table></section>\n"
    }

    private func rate(_ perSecond: Double?) -> String {
        perSecond.map { RateText.text(perSecond: $0) } ?? "unlimited 不限"
    }

    private func time(_ seconds: Int64, campaign: String? = nil) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zones.identifier(of: campaign)) ?? TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss xxx"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// Text into HTML: names come from config and schedule files, reasons from peers.
    func escape(_ text: String) -> String { HTMLText.escaped(text) }

    /// Large type for a wall screen, one column on a phone; system CJK fonts.
    static let style = """
        body{font-family:"WenQuanYi Zen Hei","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;\
        margin:1.5em;background:#fafafa;color:#222;font-size:18px}
        h1{font-size:1.6em;margin:0 0 .3em}h2{font-size:1.3em;border-bottom:2px solid #ccc;margin-top:1.5em}
        h3{font-size:1.1em;margin:.4em 0}.muted{color:#777;font-weight:normal}
        .ok{color:#17692b}.warn{color:#9a6700}.bad{color:#b42318}
        .broadcast{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6em 1em;margin:.6em 0}
        .bar{background:#e4e4e4;height:14px;border-radius:7px;overflow:hidden}.bar div{background:#2f7de1;height:100%}
        table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #eee}
        tr.ok td:first-child{border-left:4px solid #17692b}tr.warn td:first-child{border-left:4px solid #d4a72c}
        tr.bad td:first-child{border-left:4px solid #b42318}
        .chart figure{margin:.5em 0}.chart svg{width:100%;max-width:900px;height:auto;background:#fff}.chart .delivered{fill:#2f7de1}
        .chart .failed{fill:#b42318}.chart text{font-size:11px;fill:#555}
        @media (max-width:700px){body{margin:.5em;font-size:16px}table{font-size:14px}}
        """
}
