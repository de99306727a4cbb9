import Foundation
import Loading
import Outbox
@testable import OutboxSQLite
@testable import Control

/// A real outbox file in a fresh temp folder, filled through the Outbox API the
/// way the daemon fills it: enqueue, lease, record.
final class OperateFixture {
    static let campaign = "chunfeng"
    /// 2021-02-09 20:00 +08:00, the campaign's launch.
    static let launch: Int64 = 1_612_872_000
    static let week: Int64 = 7 * 86_400
    /// On a UTC server: the campaign's zone comes from its schedule, not from the machine.
    static let shanghai = Display(zones: CampaignZones(identifiers: [campaign: "Asia/Shanghai"], fallback: "UTC"))

    let folder: String
    let outbox: OutboxConnection

    init() throws {
        folder = NSTemporaryDirectory() + "operate-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        outbox = try OutboxConnection(stateDirectory: folder)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The outbox as `broadcastctl` opens it: its own connection, through the seam.
    var backend: SQLiteOutbox {
        get throws { try SQLiteOutbox(stateDirectory: folder, access: .existing) }
    }

    var outboxPath: String { folder + "/" + OutboxConnection.fileName }

    /// Ten made-up mobile numbers per region, distinct across regions.
    static func phones(_ region: String, count: Int = 10) -> [String] {
        let base = region == "nanchang" ? 100 : 200
        return (0..<count).map { "+86138000\(String(format: "%05d", base + $0))" }
    }

    static func sms(_ message: String, region: String, occurrence: Int64 = launch, campaign: String = campaign) -> NewBroadcast {
        NewBroadcast(key: BroadcastKey(campaign: campaign, message: message, occurrence: occurrence, region: region,
                                       channel: "sms", audience: "list"),
                     destination: "kannel", text: "【江西公安】谨防电信诈骗", dueAt: occurrence, recipients: .inline(phones(region)))
    }

    static func webhook(_ message: String, occurrence: Int64 = launch) -> NewBroadcast {
        NewBroadcast(key: BroadcastKey(campaign: campaign, message: message, occurrence: occurrence, region: "nanchang",
                                       channel: "webhook", audience: "wecom-nanchang"),
                     destination: "wecom-nanchang", text: "launch", dueAt: occurrence, recipients: .inline(["wecom-nanchang"]))
    }

    /// `launch` now: 2 SMS regions and a webhook (21 deliveries); `weekly-tip` a week later (10).
    func enqueueCampaign() throws {
        try outbox.enqueue([OperateFixture.sms("launch", region: "nanchang"), OperateFixture.sms("launch", region: "jiujiang"),
                            OperateFixture.webhook("launch"),
                            OperateFixture.sms("weekly-tip", region: "nanchang", occurrence: OperateFixture.launch + OperateFixture.week)],
                           now: OperateFixture.launch - 60)
    }

    func lease(at time: Int64, limit: Int = 100, channel: String? = nil) throws -> [Lease] {
        try outbox.leaseDue(now: time, limit: limit, owner: "daemon", leaseSeconds: 300, channel: channel)
    }

    func record(_ leases: some Sequence<Lease>, _ result: Outcome.Result, at time: Int64, httpStatus: Int? = nil) throws {
        try outbox.record(leases.map { Outcome(delivery: $0.id, result: result, at: time, httpStatus: httpStatus, latencyMilliseconds: 80) },
                          owner: "daemon")
    }
}
