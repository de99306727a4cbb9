import CivilDate
@testable import Daemon
import DispatchRules
import Foundation
import LineLanguage
import Loading
import Outbox
import Schedule
import Testing

/// What the status page adds to the snapshot's counts: today's sends per hour
/// as a chart, the failures' next retry, and the finish projection that
/// `broadcastctl status` shows, from the same `FinishEstimate`.
struct StatusPageFiguresTests {
    static let now = StatusPageHTMLTests.now // 2021-03-01 10:00 +08:00
    /// 21:30-08:00 quiet for SMS.
    static let drill = Campaign(name: "drill", title: "演练", starts: LocalDate(year: 2021, month: 2, day: 9)!,
                                ends: LocalDate(year: 2021, month: 3, day: 9)!, timeZone: "Asia/Shanghai",
                                quiet: [QuietWindow(start: LocalTime(hour: 21, minute: 30)!, end: LocalTime(hour: 8, minute: 0)!,
                                                    channels: [.sms])],
                                location: SourceLocation(file: "drill.schedule", line: 1, column: 1))

    static func render(_ snapshot: OutboxSnapshot, sends: HourlySends = HourlySends()) -> String {
        var zones = CampaignZones(identifiers: ["drill": "Asia/Shanghai"], fallback: "UTC")
        zones.campaigns = ["drill": drill]
        return StatusPageHTML(snapshot: snapshot, titles: ["drill": "演练"], zones: zones, sends: sends).render()
    }

    @Test func theChartsBarsAreTheSendsOfEachLocalHour() throws {
        var ended: [(Outcome.Result, Int64)] = (Int64(0)..<7).map { (.delivered(gatewayMessageID: nil), Self.now - 3_600 + $0) } // 09:00
        ended += (0..<3).map { _ in (.dead(reason: "http 400"), Self.now + 5) }                                              // 10:00
        ended += [(.delivered(gatewayMessageID: nil), Self.now + 6), (.skipped(.optedOut), Self.now + 6),
                  (.delivered(gatewayMessageID: nil), Self.now - 10 * 3_600 - 1)]                                          // yesterday 23:59
        let sends = HourlySends(SendSlot.tally(ended.enumerated().map { Outcome(delivery: Int64($0), result: $1.0, at: $1.1) }))
        let html = Self.render(StatusPageHTMLTests.snapshot(), sends: sends)
        let chart = try #require(html.range(of: "<section id=\"sends\"").map { String(html[$0.lowerBound...]) })
        #expect(chart.contains("<figure data-zone=\"Asia/Shanghai\">"))
        #expect(chart.contains("<b data-figure=\"sent-today\">11</b> sent today"), "\(chart.prefix(400))")
        #expect(chart.contains("<g data-hour=\"9\" data-delivered=\"7\" data-failed=\"0\">"))
        #expect(chart.contains("<g data-hour=\"10\" data-delivered=\"1\" data-failed=\"3\">"))
        #expect(chart.contains("<g data-hour=\"0\" data-delivered=\"0\" data-failed=\"0\">"))
        #expect(chart.components(separatedBy: "<g data-hour=").count == 25, "24 hours")
        // The busiest hour's bar fills the plot: 7 of 7 at 09:00, 4 of 7 (3 red under 1 blue) at 10:00.
        #expect(chart.contains("<rect class=\"delivered\" x=\"272.0\" y=\"16.0\" width=\"26.0\" height=\"124.0\"/>"), "\(chart)")
        #expect(chart.contains("<rect class=\"failed\" x=\"302.0\" y=\"86.9\" width=\"26.0\" height=\"53.1\"/>"))
        // Read from the outbox, the day is whole whenever the daemon started.
        #expect(!chart.contains("since the daemon started"))
    }

    @Test func aRetryingCauseSaysHowManyWaitAndWhen() {
        var snapshot = StatusPageHTMLTests.snapshot()
        var group = FailureGroup(destination: "kannel", outcome: .retrying, reason: "connection refused", count: 4,
                                 firstAt: Self.now + 1, lastAt: Self.now + 20)
        group.waiting = 3
        group.nextRetryAt = Self.now + 90
        snapshot.failureGroups = [group]
        let html = Self.render(snapshot)
        #expect(html.contains("<th>retry 重试</th>"))
        #expect(html.contains("<td data-figure=\"count\">4</td><td>2021-03-01 10:00:01 +08:00 – 2021-03-01 10:00:20 +08:00</td>"
            + "<td><b data-figure=\"waiting\">3</b> waiting 等待, next 下次 2021-03-01 10:01:30 +08:00</td><td>connection refused</td>"), "\(html)")
    }

    @Test func theFinishProjectionIsStatusOwn() throws {
        // 5 SMS left at kannel's 100/min, at 10:00:30: no quiet window on the way.
        let snapshot = StatusPageHTMLTests.snapshot()
        let html = Self.render(snapshot)
        let estimate = try #require(FinishEstimate(snapshot.due[0].status, campaign: Self.drill, rates: snapshot.configuredRates,
                                                   now: snapshot.now))
        #expect(estimate.quietUntil == nil && estimate.finishAt == Self.now + 33)
        #expect(html.contains("<p class=\"projection\">bound by 受限于 <span data-figure=\"bound-by\">kannel</span> at 100/min: "
            + "finishes about 预计完成 <span data-figure=\"finish-at\">2021-03-01 10:00:33 +08:00</span> (in 3s)</p>"), "\(html)")
        #expect(!html.contains("quiet-until"))

        // 22:00: quiet until 08:00, then 5 at 100/min.
        var late = snapshot
        late.now = Self.now + 12 * 3_600
        let held = Self.render(late)
        #expect(held.contains("<p class=\"warn\" data-figure=\"quiet-until\">held by quiet hours until 免打扰至 "
            + "2021-03-02 08:00:00 +08:00 (in 10h)</p>"), "\(held)")
        #expect(held.contains("<span data-figure=\"finish-at\">2021-03-02 08:00:03 +08:00</span> (in 10h)"))
    }

    @Test func aPausedBroadcastHasNoProjection() {
        var snapshot = StatusPageHTMLTests.snapshot()
        snapshot.due[0].status.parts[0].paused = true
        #expect(!Self.render(snapshot).contains("bound by"))
    }
}
