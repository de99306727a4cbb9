import Foundation
import Outbox
@testable import OutboxSQLite
@testable import Control

/// A config, a two-day drill schedule and an empty outbox in a fresh folder:
/// what `broadcastctl --config` reads for controls over the schedule.
final class ScheduleControlFixture {
    /// 2021-03-01 10:00 +08:00, the drill's first broadcast; the second is a day later.
    static let first: Int64 = 1_614_564_000
    static let second: Int64 = first + 86_400
    /// 2021-03-01 12:00 +08:00.
    static let tip: Int64 = first + 7_200

    static let schedule = """
        campaign drill 演练
            starts      2021-03-01
            lasts       2 days
            timezone    Asia/Shanghai
            sms-gateway g
        region test 测试区
            sms test.txt
        region other 其他
            sms other.txt
        message broadcast
            at   2021-03-01 10:00, 2021-03-02 10:00
            to   test, other
            via  sms
            text 反诈演练
        message tip
            at   2021-03-01 12:00
            to   test
            via  sms
            text 提示
        """

    /// The gateway's password is a secret nobody here can read: the controls must not need it.
    static let config = """
        schedule campaign.schedule
        state    state
        gateway g
            kind     kannel
            url      http://127.0.0.1:9/cgi-bin/sendsms
            username broadcastd
            password secret:unreadable
        """

    let folder: String
    let outbox: OutboxConnection
    let schedule: ScheduleView

    init() throws {
        folder = NSTemporaryDirectory() + "schedule-controls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/state", withIntermediateDirectories: true)
        try Self.schedule.write(toFile: folder + "/campaign.schedule", atomically: true, encoding: .utf8)
        try "13800000001\n13800000002\n".write(toFile: folder + "/test.txt", atomically: true, encoding: .utf8)
        try "13800000003\n".write(toFile: folder + "/other.txt", atomically: true, encoding: .utf8)
        try Self.config.write(toFile: folder + "/broadcastd.conf", atomically: true, encoding: .utf8)
        outbox = try OutboxConnection(stateDirectory: folder + "/state")
        guard let loaded = try ScheduleView.load(config: folder + "/broadcastd.conf", stateGiven: false) else {
            throw OperateError("the fixture's schedule did not load")
        }
        schedule = loaded
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    var configPath: String { folder + "/broadcastd.conf" }

    var backend: SQLiteOutbox {
        get throws { try SQLiteOutbox(stateDirectory: folder + "/state", access: .existing) }
    }

    /// What the daemon enqueues when an occurrence of `message` comes due: one broadcast per region.
    static func due(_ message: String, at occurrence: Int64, regions: [String] = ["test", "other"]) -> [NewBroadcast] {
        regions.map { region in
            NewBroadcast(key: BroadcastKey(campaign: "drill", message: message, occurrence: occurrence, region: region,
                                           channel: "sms", audience: "list"),
                         destination: "g", text: "【演练】反诈演练", dueAt: occurrence,
                         recipients: .inline(region == "test" ? ["+8613800000001", "+8613800000002"] : ["+8613800000003"]))
        }
    }

    func target(_ message: String?, region: String? = nil) async throws -> ControlTarget {
        try await ControlTarget.resolve(campaign: nil, message: message, region: region, in: try backend, schedule: schedule)
    }
}
