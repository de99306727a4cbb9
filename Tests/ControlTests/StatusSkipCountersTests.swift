import Foundation
import Outbox
@testable import OutboxSQLite
import Testing
@testable import Control

/// `status` over a second message the same day to a list already reached under
/// `cap sms 1 per day`: list recipients skipped at lease time are counters on
/// their broadcast, and status shows them as skipped, by reason.
struct StatusSkipCountersTests {
    struct ListSource: RecipientSource {
        var numbers: [String]

        func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice {
            let end = min(Int(token) + limit, numbers.count)
            return RecipientSlice(recipients: Array(numbers[Int(token)..<end]), next: Int64(end), isEnd: end == numbers.count)
        }
    }

    let fixture: OperateFixture
    let now = OperateFixture.launch + 3_600
    let report: StatusReport

    /// "launch" reaches 8 of the 10 numbers (2 opted out); "reminder" an hour later finds 8 capped, 2 opted out.
    init() async throws {
        fixture = try OperateFixture()
        let outbox = fixture.outbox
        let numbers = OperateFixture.phones("jiangxi")
        let source = ListSource(numbers: numbers)
        let caps = CapPolicy(limits: ["sms": CapPolicy.Limit(perDay: 1)], day: 18_667, week: 18_666)
        for number in numbers.prefix(2) { try outbox.addOptOut(number, source: OptOut.fileSource, now: 0) }
        for (message, at) in [("launch", OperateFixture.launch), ("reminder", now - 30)] {
            try outbox.enqueue([NewBroadcast(key: BroadcastKey(campaign: OperateFixture.campaign, message: message, occurrence: at,
                                                               region: "jiangxi", channel: "sms", audience: "list"),
                                             destination: "kannel", text: "【江西公安】谨防电信诈骗", dueAt: at,
                                             recipients: .list("jiangxi", count: 10))], now: at)
            let leases = try outbox.leaseDue(now: at, limit: 100, owner: "daemon", leaseSeconds: 300,
                                             campaign: OperateFixture.campaign, source: source, caps: caps)
            try fixture.record(leases, .delivered(gatewayMessageID: nil), at: at + 1, httpStatus: 202)
        }
        report = try await StatusReport.collect(from: try fixture.backend, path: fixture.outboxPath, now: now, processExists: { _ in false },
                                          processStart: { _ in nil })
    }

    @Test func theReminderIsSkippedForEveryoneByReason() async throws {
        let reminder = try #require(report.broadcasts.first { $0.message == "reminder" })
        #expect(reminder.state == .finished)
        #expect(reminder.total == 10 && reminder.counts.skipped == 10 && reminder.counts.total == 10)
        #expect(reminder.closed == [OccurrenceReport.Closed(state: "skipped", reason: "capped", count: 8),
                                    OccurrenceReport.Closed(state: "skipped", reason: "opted out", count: 2)])
        let launch = try #require(report.broadcasts.first { $0.message == "launch" })
        #expect(launch.counts.delivered == 8 && launch.counts.skipped == 2)
        #expect(launch.closed == [OccurrenceReport.Closed(state: "skipped", reason: "opted out", count: 2)])
        let kannel = try #require(report.destinations.first { $0.name == "kannel" })
        #expect(kannel.counts.skipped == 12 && kannel.counts.delivered == 8)
    }

    @Test func theTextAndJSONShowTheCounters() async throws {
        let text = StatusRenderer(display: OperateFixture.shanghai, bars: false).render(report)
        #expect(text.contains("skipped 10 (capped 8, opted out 2)"))
        let json = try JSONOutput.encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let reminder = try #require((object["broadcasts"] as? [[String: Any]])?.first { $0["message"] as? String == "reminder" })
        #expect((reminder["counts"] as? [String: Int])?["skipped"] == 10)
        let closed = try #require(reminder["closed"] as? [[String: Any]])
        #expect(closed.map { "\($0["reason"] ?? "") \($0["count"] ?? "")" } == ["capped 8", "opted out 2"])
    }
}
