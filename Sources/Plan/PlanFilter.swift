import CivilDate
import Schedule

/// What `broadcastctl plan` was asked to show: `--from`, `--to` (local dates,
/// both inclusive), `--region SELECTOR`, `--channel C`. Empty shows everything.
public struct PlanFilter: Hashable, Sendable {
    public var from: LocalDate?
    public var to: LocalDate?
    public var region: RegionSelector?
    public var channel: Channel?

    public init(from: LocalDate? = nil, to: LocalDate? = nil, region: RegionSelector? = nil, channel: Channel? = nil) {
        self.from = from
        self.to = to
        self.region = region
        self.channel = channel
    }

    func includes(_ occurrence: Occurrence) -> Bool {
        if let from, occurrence.local.date < from { return false }
        if let to, to < occurrence.local.date { return false }
        return true
    }

    public func includes(_ channel: Channel) -> Bool {
        self.channel == nil || self.channel == channel
    }
}
