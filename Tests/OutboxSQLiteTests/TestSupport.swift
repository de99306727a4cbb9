import Foundation
@testable import Outbox
@testable import OutboxSQLite

/// A fresh folder under the system temp dir, removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "outbox-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    var outboxPath: String { path + "/" + OutboxConnection.fileName }
}

/// Lists held in memory; the token is the index of the next recipient.
struct ArraySource: RecipientSource {
    var lists: [String: [String]]

    func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice {
        let all = lists[list] ?? []
        let start = min(Int(token), all.count)
        let end = min(start + limit, all.count)
        return RecipientSlice(recipients: Array(all[start..<end]), next: Int64(end), isEnd: end == all.count)
    }
}

/// A list of `count` made-up mobile numbers named `synthetic`, generated from
/// the index, so large lists cost no memory.
struct SyntheticSource: RecipientSource {
    var count: Int

    static func number(_ index: Int) -> String {
        let digits = String(index)
        return "+86139" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice {
        let start = min(Int(token), count)
        let end = min(start + limit, count)
        return RecipientSlice(recipients: (start..<end).map(SyntheticSource.number), next: Int64(end), isEnd: end == count)
    }
}

enum Sample {
    static let campaign = "chunfeng"
    static let launchAt: Int64 = 1_612_872_000 // 2021-02-09 20:00 +08:00
    static let phones = ["+8613800000001", "+8613800000002", "+8613800000003"]

    static func key(message: String = "launch", occurrence: Int64 = launchAt, region: String = "nanchang",
                    channel: String = "sms", audience: String = "list") -> BroadcastKey {
        BroadcastKey(campaign: campaign, message: message, occurrence: occurrence, region: region, channel: channel, audience: audience)
    }

    static func sms(message: String = "launch", occurrence: Int64 = launchAt, region: String = "nanchang",
                    recipients: [String] = phones, text: String = "【江西公安】谨防电信诈骗") -> NewBroadcast {
        NewBroadcast(key: key(message: message, occurrence: occurrence, region: region), destination: "kannel",
                     text: text, dueAt: occurrence, recipients: .inline(recipients))
    }

    static func webhook(message: String = "launch", occurrence: Int64 = launchAt, endpoint: String = "wecom-nanchang") -> NewBroadcast {
        NewBroadcast(key: key(message: message, occurrence: occurrence, channel: "webhook", audience: endpoint),
                     destination: endpoint, text: "launch", dueAt: occurrence, recipients: .inline([endpoint]))
    }

    static func listed(message: String = "launch", list: String, count: Int64?, occurrence: Int64 = launchAt) -> NewBroadcast {
        NewBroadcast(key: key(message: message, occurrence: occurrence, region: "jiangxi"), destination: "kannel",
                     text: "province-wide", dueAt: occurrence, recipients: .list(list, count: count))
    }
}

extension OutboxConnection {
    func onlyStatus(_ filter: BroadcastFilter = .all) throws -> BroadcastStatus? {
        let statuses = try broadcastStatuses(filter)
        return statuses.count == 1 ? statuses[0] : nil
    }
}
