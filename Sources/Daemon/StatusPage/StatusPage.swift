import Foundation
import Loading
import Outbox
import Schedule

/// `GET /` on the metrics listener: what `broadcastctl status` shows, as one
/// read-only HTML page for a wall screen or a phone. Each request reads one
/// outbox snapshot (the read side never blocks the daemon's writes) and
/// renders it; nothing on the page changes anything.
struct StatusPage: Sendable {
    static let contentType = "text/html; charset=utf-8"

    let outbox: any StatusOutbox
    let now: @Sendable () -> Int64
    /// The running schedule's campaigns by name: their titles, and their zones for the times.
    let campaigns: @Sendable () async -> [String: Campaign]

    func render() async throws -> String {
        let now = now()
        let snapshot = try await outbox.status(StatusQuery(now: { _ in now }, rateWindowSeconds: 60,
                                                           broadcasts: 10, upcoming: 5, failures: 0))
        // Today's chart, read per page view: at most a few hundred rows by primary key.
        let sends = try await outbox.sendsBySlot(from: now - HourlySends.aroundSeconds, to: now + HourlySends.aroundSeconds)
        let campaigns = await campaigns()
        var zones = CampaignZones(identifiers: campaigns.mapValues(\.timeZone))
        zones.campaigns = campaigns
        return StatusPageHTML(snapshot: snapshot, titles: campaigns.mapValues(\.title),
                              zones: zones, sends: HourlySends(sends)).render()
    }
}
