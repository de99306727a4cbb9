import Outbox

/// The campaign the suite enqueues: SMS through `kannel` to inline numbers or
/// to lists read from memory, and a webhook.
enum Campaign {
    static let name = "chunfeng"
    static let launch: Int64 = 1_612_872_000 // 2021-02-09 20:00 +08:00
    static let phones = ["+8613800000001", "+8613800000002", "+8613800000003"]
    static let text = "【江西公安】谨防电信诈骗"

    static func key(message: String = "launch", occurrence: Int64 = launch, region: String = "nanchang",
                    channel: String = "sms", audience: String = "list") -> BroadcastKey {
        BroadcastKey(campaign: name, message: message, occurrence: occurrence, region: region, channel: channel,
                     audience: audience)
    }

    static func sms(message: String = "launch", occurrence: Int64 = launch, region: String = "nanchang",
                    recipients: [String] = phones, text: String = text) -> NewBroadcast {
        NewBroadcast(key: key(message: message, occurrence: occurrence, region: region), destination: "kannel",
                     text: text, dueAt: occurrence, recipients: .inline(recipients))
    }

    static func listed(_ list: String, region: String, rank: Int = 1, count: Int64? = nil) -> NewBroadcast {
        NewBroadcast(key: key(region: region), destination: "kannel", text: text, dueAt: launch,
                     recipients: .list(list, count: count), rank: rank)
    }

    /// What the dispatcher asks for: `kannel`'s due deliveries of the campaign.
    static func request(now: Int64 = launch, limit: Int = 100, owner: String = "d", leaseSeconds: Int64 = 30,
                        source: any RecipientSource & Sendable = Lists([:]), caps: CapPolicy? = nil) -> LeaseRequest {
        LeaseRequest(now: now, limit: limit, owner: owner, leaseSeconds: leaseSeconds, destination: "kannel",
                     campaign: name, source: source, caps: caps)
    }

    static func delivered(_ leases: [Lease], at time: Int64 = launch) -> [Outcome] {
        leases.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: "gw-\($0.id)"), at: time, httpStatus: 202) }
    }
}

/// Lists held in memory; the token is the index of the next recipient.
struct Lists: RecipientSource, Sendable {
    var lists: [String: [String]]

    init(_ lists: [String: [String]]) {
        self.lists = lists
    }

    func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice {
        let all = lists[list] ?? []
        let start = min(Int(token), all.count)
        let end = min(start + limit, all.count)
        return RecipientSlice(recipients: Array(all[start..<end]), next: Int64(end), isEnd: end == all.count)
    }
}

extension DispatchOutbox {
    /// Leases what `request` asks for, recording nothing.
    func lease(_ request: LeaseRequest) async throws -> [Lease] {
        try await recordAndLease([], request).batch.leases
    }
}

extension StatusOutbox {
    /// The one broadcast matching `filter`, or nil when there is not exactly one.
    func only(_ filter: BroadcastFilter = .all) async throws -> BroadcastStatus? {
        let statuses = try await broadcastStatuses(filter, limit: 50)
        return statuses.count == 1 ? statuses[0] : nil
    }

    /// A status snapshot read at `now` on the reader's clock.
    func snapshot(at now: Int64) async throws -> OutboxSnapshot {
        try await status(StatusQuery(now: { _ in now }, rateWindowSeconds: 60))
    }
}
