@testable import Daemon
import Foundation
import Loading
import Outbox
import OutboxSQLite
import Testing

/// The status page rendered from a snapshot, without a server or a browser:
/// its figures, the handset share, failures grouped by cause, escaping, and a
/// page that needs nothing from anywhere else.
struct StatusPageHTMLTests {
    static let now: Int64 = 1_614_564_000 // 2021-03-01 10:00 +08:00

    static func snapshot(reason: String = "http 503", campaign: String = "drill") -> OutboxSnapshot {
        var counts = StateCounts()
        counts.delivered = 10
        counts.pending = 5
        counts.dead = 1
        var part = BroadcastStatus(id: 1, key: .init(campaign: campaign, message: "launch", occurrence: now, region: "nanchang",
                                                     channel: "sms", audience: "list"),
                                   destination: "kannel", dueAt: now, startedAt: now, state: .pending, reason: nil,
                                   paused: false, total: 16, cursor: 16, duplicates: 0, counts: counts)
        part.handset.delivered = 6
        part.handset.expired = 1
        var kannel = DestinationCounts(channel: "sms", destination: "kannel", counts: counts)
        kannel.handset = part.handset
        return OutboxSnapshot(
            now: now + 30, daemon: DaemonRecord(pid: 4242, startedAt: now - 60, stoppedAt: nil, heartbeatAt: now + 27,
                                                lastReloadAt: nil, lastReloadSucceeded: nil, lastReloadError: nil),
            recentAttempts: [RecentAttempts(campaign: campaign, message: "launch", occurrence: now, destination: "kannel",
                                            outcome: .delivered, count: 3),
                             RecentAttempts(campaign: campaign, message: "launch", occurrence: now, destination: "kannel",
                                            outcome: .retrying, count: 1)],
            due: [OccurrenceSnapshot(status: OccurrenceStatus(campaign: campaign, message: "launch", occurrence: now, dueAt: now,
                                                               parts: [part]), closed: [])],
            upcoming: [], destinations: [DestinationRecord(name: "kannel", channel: "sms", ratePerSecond: 100.0 / 60,
                                                           errorRate: nil, updatedAt: now, delivered: 10, failed: 1)],
            destinationCounts: [kannel], pauses: [Pause(campaign: campaign, message: "weekly")], recentFailures: [], held: [],
            failureGroups: [FailureGroup(destination: "kannel", outcome: .dead, reason: reason, count: 1, firstAt: now + 5,
                                         lastAt: now + 5)])
    }

    static func render(_ snapshot: OutboxSnapshot) -> String {
        StatusPageHTML(snapshot: snapshot, titles: ["drill": "演练"], zones: CampaignZones(identifiers: ["drill": "Asia/Shanghai"], fallback: "UTC")).render()
    }

    @Test func theFiguresOfABroadcastAndItsGateway() {
        let html = Self.render(Self.snapshot())
        #expect(html.contains("<h3>演练 drill/launch <span class=\"muted\">2021-03-01 10:00:00 +08:00</span></h3>"), "\(html)")
        #expect(html.contains("<b data-figure=\"delivered\">10</b> of 共 <b data-figure=\"total\">16</b>"))
        #expect(html.contains("69% done"), "11 of 16 done: delivered and dead")
        #expect(html.contains("pending 待发 <b data-figure=\"pending\">5</b> · dead 失败 <b data-figure=\"dead\">1</b>"))
        #expect(html.contains("reached handsets 送达手机 <b data-figure=\"handset-delivered\">6</b> (60%) · expired 过期 "
                              + "<b data-figure=\"handset-expired\">1</b> · no report yet 待回执 3"), "\(html)")
        #expect(html.contains("<td>100/min</td><td>25% of 4</td>"), "the configured rate in its unit, and the last minute's errors")
        #expect(html.contains("<tr data-destination=\"kannel\" class=\"warn\">"))
        #expect(html.contains("running 运行中 · pid 4242 · heartbeat 心跳 3s ago"))
        #expect(html.contains("paused 已暂停: drill/weekly"))
        #expect(html.contains("<td data-figure=\"count\">1</td><td>2021-03-01 10:00:05 +08:00</td><td>-</td><td>http 503</td>"))
    }

    /// As `broadcastctl status`: on PostgreSQL each instance, judged by its heartbeat
    /// (and its pid on this machine); on SQLite, whose one daemon is the header, no section.
    @Test func theInstancesOfASharedOutboxWithWhatEachHoldsAndWhenItWasLastSeen() {
        #expect(!Self.render(Self.snapshot()).contains("<section id=\"instances\">"), "a SQLite outbox lists no instances")
        var snapshot = Self.snapshot()
        let now = snapshot.now
        snapshot.instances = [
            InstanceRecord(generation: 12, host: "node-b<i>", pid: 5120, startedAt: now - 600, stoppedAt: nil, heartbeatAt: now - 4, leased: 4),
            InstanceRecord(generation: 11, host: "node-a", pid: 4242, startedAt: now - 900, stoppedAt: nil, heartbeatAt: now - 41, leased: 3),
            InstanceRecord(generation: 9, host: "node-c", pid: 4101, startedAt: now - 7_200, stoppedAt: now - 5_400,
                           heartbeatAt: now - 5_400, leased: 0),
        ]
        var page = StatusPageHTML(snapshot: snapshot, zones: CampaignZones(identifiers: [:], fallback: "Asia/Shanghai"))
        page.localHost = "node-a"
        page.processExists = { _ in false }
        let html = page.render()
        #expect(html.contains("<section id=\"instances\"><h2>Instances on the shared outbox"), "\(html)")
        #expect(html.contains("<tr data-instance=\"12\" data-state=\"running\" class=\"ok\"><td>#12</td><td>node-b&lt;i&gt;</td>"
                              + "<td>5120</td><td>running 运行中</td><td>2021-03-01 10:00:26 +08:00 (4s ago)</td>"
                              + "<td data-figure=\"leased\">4</td></tr>"), "another machine's pid is not checked: \(html)")
        #expect(html.contains("<tr data-instance=\"11\" data-state=\"not-running\" class=\"bad\">"), "this machine's, its process gone")
        #expect(html.contains("<td>2021-03-01 09:59:49 +08:00 (41s ago)</td><td data-figure=\"leased\">3</td>"))
        #expect(html.contains("<tr data-instance=\"9\" data-state=\"stopped\" class=\"\">"))
        #expect(!html.contains("node-b<i>"))
        page.processExists = { _ in true }
        #expect(page.render().contains("<tr data-instance=\"11\" data-state=\"not-seen\" class=\"bad\">"),
                "a heartbeat older than 30 s: not seen")
    }

    @Test func itRefreshesItselfAndLoadsNothingFromElsewhere() {
        let html = Self.render(Self.snapshot())
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("<meta http-equiv=\"refresh\" content=\"10\">"))
        #expect(html.contains("name=\"viewport\""))
        for external in ["<script", "<link", "src=", "http://", "https://", "url("] {
            #expect(!html.contains(external), "the page refers to \(external)")
        }
    }

    @Test func peerTextAndNamesAreEscaped() {
        let html = Self.render(Self.snapshot(reason: "http 400: <b>bad</b> & \"worse\"", campaign: "a<i>"))
        #expect(html.contains("http 400: &lt;b&gt;bad&lt;/b&gt; &amp; &quot;worse&quot;"))
        #expect(html.contains("data-campaign=\"a&lt;i&gt;\""))
        #expect(!html.contains("<b>bad</b>") && !html.contains("a<i>"))
    }

    @Test func theMetricsListenerServesThePageAtTheRootOnly() async throws {
        let folder = NSTemporaryDirectory() + "status-page-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outbox = try SQLiteOutbox(stateDirectory: folder, access: .daemon(now: 0))
        let page = StatusPage(outbox: outbox, now: { Self.now }, campaigns: { [:] })
        let handler = MetricsHandler(metrics: DaemonMetrics(), gauges: nil, page: page, logger: .init(label: "test"))
        let answer = await handler.handle(.init(method: .get, target: "/"))
        #expect(answer.status == 200 && answer.contentType == "text/html; charset=utf-8")
        #expect(answer.body.contains("never started 从未启动") && answer.body.contains("none 无"))
        #expect(await handler.handle(.init(method: .post, target: "/")).status == 405)
        #expect(await handler.handle(.init(method: .get, target: "/index.html")).status == 404)
        let withoutPage = MetricsHandler(metrics: DaemonMetrics(), gauges: nil, logger: .init(label: "test"))
        #expect(await withoutPage.handle(.init(method: .get, target: "/")).status == 404)
    }
}
