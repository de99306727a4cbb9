import DispatchRules
import DaemonConfig
import Delivery
import Loading
import Plan
import Schedule

/// The running schedule and gateways: what the last successful load produced. A
/// reload builds a whole new set and swaps it in one step, so no service ever sees
/// half of an edit (a schedule naming a gateway the running config lacks).
public actor CampaignRegistry {
    public typealias Snapshot = CampaignSnapshot

    /// The gateways, endpoints and routes a reload brought; `version` counts reloads of them.
    public struct Destinations: Sendable {
        public var version: Int
        public var destinations: [String: Destination]
        public var routes: [RouteConfiguration]
    }

    private var current: Snapshot
    /// nil until a reload: the dispatcher runs those it was started with.
    private var configured: Destinations?
    private var listeners: [WakeSignal] = []

    public init(_ load: CampaignLoad) {
        current = Snapshot(version: 1, campaigns: Self.index(load.campaigns), files: load.files)
    }

    public func snapshot() -> Snapshot { current }

    /// Services that must react to a reload register their wake signal here.
    public func subscribe(_ signal: WakeSignal) {
        listeners.append(signal)
    }

    /// The running schedule, and the destinations a reload brought when newer than
    /// `version`: read together, so a turn never sees a schedule without its gateways.
    public func snapshot(destinationsNewerThan version: Int) -> (Snapshot, Destinations?) {
        (current, configured.flatMap { $0.version > version ? $0 : nil })
    }

    /// The schedule and, when given, the gateways and endpoints, in one step.
    public func swap(to load: CampaignLoad, destinations: [String: Destination]? = nil,
                     routes: [RouteConfiguration] = []) {
        precondition(!load.hasErrors, "a load with errors never replaces the running schedule")
        current = Snapshot(version: current.version + 1, campaigns: Self.index(load.campaigns), files: load.files)
        if let destinations {
            configured = Destinations(version: (configured?.version ?? 0) + 1, destinations: destinations, routes: routes)
        }
        listeners.forEach { $0.signal() }
    }

    private static func index(_ campaigns: [LoadedCampaign]) -> [String: LoadedCampaign] {
        Dictionary(campaigns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
