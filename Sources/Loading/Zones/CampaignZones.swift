import DaemonConfig
import Foundation
import Plan
import Schedule

/// Each campaign's time zone, from its schedule's `timezone`: the operating commands
/// show a broadcast's times where its campaign lives, not in the machine's zone (a
/// UTC server would show the 20:00 launch in Nanchang as 12:00). The outbox stores
/// instants only, so the zones come from the schedules the daemon config names.
public struct CampaignZones: Sendable {
    /// IANA identifiers by campaign name.
    public var identifiers: [String: String]
    /// For a time of no campaign (the daemon's start, a reload) and of a campaign
    /// not in the schedules: the campaigns' zone when they share one, else this machine's.
    public var fallback: String
    /// The campaigns themselves when their schedules were read: `status` projects
    /// a broadcast through their quiet windows.
    public var campaigns: [String: Campaign] = [:]

    public init(identifiers: [String: String], fallback: String = TimeZone.current.identifier) {
        self.identifiers = identifiers
        let zones = Set(identifiers.values)
        self.fallback = zones.count == 1 ? zones.first! : fallback
    }

    /// The zone of `campaign`, or the fallback.
    public func identifier(of campaign: String?) -> String {
        campaign.flatMap { identifiers[$0] } ?? fallback
    }

    /// The clock that reads a time typed without an offset for `campaign` (nil: any).
    /// Campaigns in several zones and none named: the time is ambiguous, so nil.
    public func clock(for campaign: String?) -> ZoneClock? {
        if let campaign, let identifier = identifiers[campaign] { return ZoneClock(identifier: identifier) }
        guard Set(identifiers.values).count <= 1 else { return nil }
        return ZoneClock(identifier: fallback)
    }

    /// The zones named by the schedules of the config at `configPath`. Only its
    /// `schedule` line is read (no secret), and each schedule only parsed, not
    /// planned. A config or schedule that cannot be read gives no zone: times are
    /// then shown in this machine's zone, with their offset, so still unambiguous.
    public static func load(configPath: String) -> CampaignZones {
        guard let schedule = try? DaemonConfigLoader.schedulePath(configPath: configPath),
              let files = try? DaemonConfiguration.scheduleFiles(at: schedule) else { return CampaignZones(identifiers: [:]) }
        return CampaignZones(documents: files.compactMap { ScheduleLoader.load(path: $0).document })
    }

    public init(documents: [ScheduleDocument]) {
        self.init(identifiers: Dictionary(documents.map { ($0.campaign.name, $0.campaign.timeZone) }, uniquingKeysWith: { first, _ in first }))
        campaigns = Dictionary(documents.map { ($0.campaign.name, $0.campaign) }, uniquingKeysWith: { first, _ in first })
    }
}
