import Loading
import Outbox
import Plan
import Schedule

/// Turns one due occurrence into the outbox's broadcasts: one per region's phone
/// list (read later, a slice at a time) and one per region's webhook endpoint.
/// A phone list's rank is its region's depth, so a number on a county's list and
/// on its city's is sent once, from the county (the outbox's reach).
public enum BroadcastExpander {
    /// The audience name of a region's phone list; endpoints are named by themselves.
    public static let phoneListAudience = "list"

    public static func broadcasts(of occurrence: Occurrence, in campaign: LoadedCampaign) -> [NewBroadcast] {
        let document = campaign.document
        var broadcasts: [NewBroadcast] = []
        campaign.plan.forEachEntry(of: occurrence) { entry in
            func key(_ audience: String) -> BroadcastKey {
                BroadcastKey(campaign: document.campaign.name, message: occurrence.message, occurrence: occurrence.instant,
                             region: entry.region.path.description, channel: entry.channel.rawValue, audience: audience)
            }
            switch entry.channel {
            case .sms:
                guard let list = entry.region.sms, let gateway = list.gateway ?? document.campaign.smsGateway else { return }
                broadcasts.append(NewBroadcast(
                    key: key(phoneListAudience), destination: gateway, text: entry.text, dueAt: occurrence.instant,
                    recipients: .list(list.resolvedPath, count: entry.recipients.map(Int64.init)),
                    rank: entry.region.path.depth))
            case .webhook:
                for endpoint in entry.endpoints {
                    broadcasts.append(NewBroadcast(
                        key: key(endpoint), destination: endpoint, text: entry.text, dueAt: occurrence.instant,
                        recipients: .inline([endpoint])))
                }
            }
        }
        return broadcasts
    }
}
