import Foundation
import Outbox
@testable import OutboxSQLite
import Testing
@testable import Control

/// `status` over a launch in progress: 21 deliveries, 19 SMS leased 20 s ago
/// (one number opted out), of which 10 delivered, 2 retrying, 1 dead, 1 capped
/// and 5 still in flight; the webhook not leased yet; next week's tip paused.
struct StatusReportTests {
    let fixture: OperateFixture
    let now = OperateFixture.launch + 30
    let report: StatusReport

    init() async throws {
        fixture = try OperateFixture()
        let outbox = fixture.outbox
        try fixture.enqueueCampaign()
        try outbox.addOptOut(OperateFixture.phones("jiujiang")[0], source: OptOut.commandSource, now: 0)
        let leases = try fixture.lease(at: now - 20, channel: "sms")
        try fixture.record(leases.prefix(10), .delivered(gatewayMessageID: nil), at: now - 5, httpStatus: 202)
        try fixture.record(leases.dropFirst(10).prefix(2), .retry(at: now + 60, reason: "http 503"), at: now - 4, httpStatus: 503)
        try fixture.record(leases.dropFirst(12).prefix(1), .dead(reason: "http 400: invalid number"), at: now - 3, httpStatus: 400)
        try fixture.record(leases.dropFirst(13).prefix(1), .skipped(.capped), at: now - 3)
        try outbox.pause(campaign: OperateFixture.campaign, message: "weekly-tip", now: now)
        try outbox.recordDaemonStart(pid: 4242, now: OperateFixture.launch - 3_600)
        try outbox.recordHeartbeat(now: now - 3)
        try outbox.recordReload(at: now - 600, error: "campaign.schedule:12:5: error: unknown region 'nanchng'", changes: nil)
        try outbox.updateDestination(name: "kannel", channel: "sms", ratePerSecond: 100, errorRate: 0.05, now: now - 1)
        report = try await StatusReport.collect(from: try fixture.backend, path: fixture.outboxPath, now: now, processExists: { $0 == 4242 },
                                          processStart: { _ in nil })
    }

    @Test func theLaunchAddsUpByState() async throws {
        let launch = try #require(report.broadcasts.first { $0.message == "launch" })
        #expect(launch.state == .running)
        #expect(launch.parts == 3)
        #expect(launch.total == 21)
        #expect(launch.counts.delivered == 10)
        #expect(launch.counts.retrying == 2)
        #expect(launch.counts.dead == 1)
        #expect(launch.counts.skipped == 2)
        #expect(launch.counts.inFlight == 5)
        #expect(launch.counts.pending == 1)
        #expect(launch.counts.total == 21)
        #expect(Set(launch.closed.map(\.reason)) == ["opted out", "capped"])
        #expect(launch.startedAt == Timestamp(now - 20))
    }

    @Test func rateAndTimeToFinishComeFromTheLastMinute() async throws {
        let launch = try #require(report.broadcasts.first { $0.message == "launch" })
        // 10 delivered in the 20 s since the first lease: 0.5/s; 8 unfinished → 16 s.
        #expect(launch.ratePerSecond == 0.5)
        #expect(launch.averageRatePerSecond == 0.5)
        #expect(launch.secondsToFinish == 16)
    }

    @Test func nextWeeksTipIsUpcomingAndPaused() async throws {
        #expect(report.broadcasts.map(\.message) == ["launch"])
        let tip = try #require(report.upcoming.first)
        #expect(tip.message == "weekly-tip")
        #expect(tip.state == .paused)
        #expect(tip.counts.pending == 10)
        #expect(tip.ratePerSecond == nil)
        #expect(report.pauses == [StatusReport.Pause(campaign: "chunfeng", message: "weekly-tip")])
    }

    @Test func theDaemonIsRunningAndItsFailedReloadShows() async throws {
        #expect(report.daemon.state == .running)
        #expect(report.daemon.pid == 4242)
        let reload = try #require(report.daemon.lastReload)
        #expect(!reload.succeeded)
        #expect(reload.error?.contains("campaign.schedule:12:5") == true)
    }

    @Test func gatewaysShowTheirLimitAndRecentErrors() async throws {
        let kannel = try #require(report.destinations.first { $0.name == "kannel" })
        #expect(kannel.rateLimitPerSecond == 100)
        #expect(kannel.errorRate == 0.05)
        #expect(kannel.recentAttempts == 13)
        #expect(kannel.recentErrorRate == 3.0 / 13.0)
        #expect(kannel.counts.delivered == 10)
        let webhook = try #require(report.destinations.first { $0.name == "wecom-nanchang" })
        #expect(webhook.channel == "webhook" && webhook.counts.pending == 1 && webhook.recentErrorRate == nil)
    }

    @Test func recentFailuresAreNewestFirstAndMasked() async throws {
        #expect(report.recentFailures.map(\.outcome) == ["dead", "retrying", "retrying"])
        // Grouped by destination, outcome and reason: the two 503s are one line.
        #expect(report.failureGroups.map { "\($0.destination) \($0.outcome) \($0.reason ?? "-") \($0.count)" }
                == ["kannel dead http 400: invalid number 1", "kannel retrying http 503 2"])
        #expect(report.recentFailures.first?.reason == "http 400: invalid number")
        #expect(report.recentFailures.allSatisfy { $0.recipient.contains("****") })
    }

    /// Delivery reports for 3 of the 10 SMS the gateway took: 2 reached handsets, 1 expired.
    @Test func handsetReportsShowPerBroadcastAndGateway() async throws {
        let delivered = try fixture.outbox.log(LogQuery(outcome: .delivered)).map(\.key)
        for (key, outcome) in zip(delivered, [HandsetOutcome.delivered, .delivered, .expired]) {
            let receipt = HandsetReceipt(destination: "kannel", recipient: key.recipient, outcome: outcome, at: now, since: 0,
                                         identifies: { $0 == key })
            #expect(try fixture.outbox.recordReceipt(receipt) == key)
        }
        let report = try await StatusReport.collect(from: try fixture.backend, path: fixture.outboxPath, now: now,
                                                    processExists: { $0 == 4242 }, processStart: { _ in nil })
        let handset = try #require(report.broadcasts.first { $0.message == "launch" }?.handset)
        #expect(handset.delivered == 2 && handset.expired == 1 && handset.noReport == 7 && handset.unknown == 0)
        #expect(handset.deliveredShare == 0.2)
        #expect(report.destinations.first { $0.name == "kannel" }?.handset?.delivered == 2)
        #expect(report.destinations.first { $0.name == "wecom-nanchang" }?.handset == nil)
        let text = StatusRenderer(display: OperateFixture.shanghai, bars: false).render(report)
        #expect(text.contains("    handsets: 2 of 10 reached handsets (20%) · expired 1 · no report yet 7"), "\(text)")
        #expect(text.contains("HANDSETS") && text.contains("20% of 10"), "\(text)")
    }

    @Test func theJSONShapeIsStableAndHoldsNoNumber() async throws {
        let json = try JSONOutput.encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["version", "generatedAt", "outbox", "daemon", "broadcasts", "upcoming",
                                     "destinations", "pauses", "recentFailures", "failureGroups", "held", "next", "controls",
                                     "instances"])
        #expect((object["instances"] as? [Any])?.isEmpty == true, "a SQLite outbox lists no instances")
        #expect(object["version"] as? Int == 1)
        #expect(object["generatedAt"] as? String == "2021-02-09T12:00:30Z")
        let broadcast = try #require((object["broadcasts"] as? [[String: Any]])?.first)
        #expect(Set(broadcast.keys) == ["campaign", "message", "occurrence", "dueAt", "startedAt", "state", "parts", "total",
                                        "counts", "duplicates", "closed", "ratePerSecond", "averageRatePerSecond",
                                        "secondsToFinish", "projection", "handset"])
        let counts = try #require(broadcast["counts"] as? [String: Int])
        #expect(counts == ["pending": 1, "inFlight": 5, "retrying": 2, "dead": 1, "delivered": 10, "cancelled": 0, "skipped": 2])
        let daemon = try #require(object["daemon"] as? [String: Any])
        #expect(daemon["state"] as? String == "running")
        #expect(try JSONDecoder().decode(StatusReport.self, from: Data(json.utf8)) == report)
        for phone in OperateFixture.phones("nanchang") + OperateFixture.phones("jiujiang") {
            #expect(!json.contains(phone))
        }
    }

    @Test func theTextNamesEverySection() async throws {
        let text = StatusRenderer(display: OperateFixture.shanghai, bars: true).render(report)
        #expect(text.hasPrefix("broadcastd: running, pid 4242, since 2021-02-09 19:00:00 +08:00 (up 1h), heartbeat 3s ago"))
        #expect(text.contains("last reload 2021-02-09 19:50:30 +08:00: FAILED, the previous schedule keeps running\n"
            + "    campaign.schedule:12:5: error: unknown region 'nanchng'"))
        #expect(text.contains("  chunfeng/launch  2021-02-09 20:00 +08:00  running  3 parts\n"
            // Done counts dead and skipped too: 13 of 21.
            + "    [██████████████░░░░░░░░░░] 62%  10 of 21 delivered\n"
            + "    pending 1 · in flight 5 · retrying 2 · dead 1 · skipped 2 (capped 1, opted out 1)\n"
            + "    30/min over the last minute (average 30/min), about 16s to finish"))
        #expect(text.contains("Upcoming\n  chunfeng/weekly-tip  2021-02-16 20:00 +08:00  paused  1 part"))
        #expect(text.contains("Paused\n  chunfeng/weekly-tip"))
        #expect(text.contains("kannel          sms      100/s  23% of 13"))
        #expect(text.contains("Recent failures, by cause\n"
            + "  NAME    LED TO    COUNT    WHEN                        RETRY                                       REASON\n"
            + "  kannel  dead      1 time   2021-02-09 20:00:27 +08:00  -                                           http 400: invalid number\n"
            + "  kannel  retrying  2 times  2021-02-09 20:00:26 +08:00  2 waiting, next 2021-02-09 20:01:30 +08:00  http 503"))
        for phone in OperateFixture.phones("nanchang") + OperateFixture.phones("jiujiang") {
            #expect(!text.contains(phone))
        }
    }

    /// Dozens of endpoints with nothing to do fold into one line; the busy ones keep the table.
    @Test func idleDestinationsFoldIntoOneLine() {
        var report = self.report
        report.destinations.append(DestinationReport(name: "yichun-police-wecom", channel: "webhook", recentAttempts: 0,
                                                     delivered: 1, failed: 0, counts: StateCounts()))
        let text = StatusRenderer(display: OperateFixture.shanghai, bars: false).render(report)
        #expect(text.contains("\n  1 idle (nothing waiting, dead or sent in the last minute): yichun-police-wecom\n"))
        #expect(!text.contains("yichun-police-wecom  webhook"))
        #expect(text.contains("kannel          sms"))
        #expect(text.contains("wecom-nanchang  webhook"))
    }

    /// A route's two gateways after 12 deliveries failed over from the first to the second.
    static let routeGateways = [
        DestinationReport(name: "cm-gw", channel: "sms", recentAttempts: 0, delivered: 3, failed: 0, failedOverFrom: 12, counts: StateCounts()),
        DestinationReport(name: "agg-gw", channel: "sms", recentAttempts: 0, delivered: 12, failed: 0, failedOverTo: 12, counts: StateCounts()),
    ]

    /// A route's failovers show per gateway, from and to, idle gateways included.
    @Test func failoversShowPerGatewayFromAndTo() {
        var report = self.report
        report.destinations += Self.routeGateways
        let text = StatusRenderer(display: OperateFixture.shanghai, bars: false).render(report)
        #expect(text.contains("\n  failovers: cm-gw 12 from it · agg-gw 12 to it\n"), "\(text)")
        #expect(!StatusRenderer(display: OperateFixture.shanghai, bars: false).render(self.report).contains("failovers:"))
    }

    /// A routed broadcast counts under its route in the table; the line under it says which gateways carried it.
    @Test func aRoutesDeliveriesShowPerGatewayThatCarriedThem() {
        var report = self.report
        var routed = StateCounts()
        routed.delivered = 15
        report.destinations.append(DestinationReport(name: "carriers", channel: "sms", recentAttempts: 0, delivered: 0, failed: 0,
                                                     counts: routed))
        report.destinations += Self.routeGateways
        let text = StatusRenderer(display: OperateFixture.shanghai, bars: false).render(report)
        #expect(text.contains("\n  delivered by gateway: kannel 10 · cm-gw 3 · agg-gw 12\n"), "\(text)")
        #expect(!StatusRenderer(display: OperateFixture.shanghai, bars: false).render(self.report).contains("delivered by gateway"))
    }
}
