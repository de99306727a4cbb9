import DispatchRules
import DaemonConfig
import Loading
import Plan
import Schedule

/// The running schedule: what the last successful load produced. A reload builds
/// a whole new set and swaps it in one step, so no service ever sees half of an edit.
public actor CampaignRegistry {
    public typealias Snapshot = CampaignSnapshot

    private var current: Snapshot
    private var listeners: [WakeSignal] = []

    public init(_ load: CampaignLoad) {
        current = Snapshot(version: 1, campaigns: Self.index(load.campaigns), files: load.files)
    }

    public func snapshot() -> Snapshot { current }

    /// Services that must react to a reload register their wake signal here.
    public func subscribe(_ signal: WakeSignal) {
        listeners.append(signal)
    }

    public func swap(to load: CampaignLoad) {
        precondition(!load.hasErrors, "a load with errors never replaces the running schedule")
        current = Snapshot(version: current.version + 1, campaigns: Self.index(load.campaigns), files: load.files)
        listeners.forEach { $0.signal() }
    }

    private static func index(_ campaigns: [LoadedCampaign]) -> [String: LoadedCampaign] {
        Dictionary(campaigns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
