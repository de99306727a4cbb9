import CivilDate
import LineLanguage
import Schedule

/// What `broadcastctl plan` was asked to show: `--from`, `--to` (local dates,
/// both inclusive), `--region SELECTOR` (repeatable: any of them), `--channel C`.
/// Empty shows everything.
public struct PlanFilter: Hashable, Sendable {
    public var from: LocalDate?
    public var to: LocalDate?
    /// A region matches when any selector selects it; empty selects every region.
    public var regions: [RegionSelector]
    public var channel: Channel?

    public init(from: LocalDate? = nil, to: LocalDate? = nil, regions: [RegionSelector] = [], channel: Channel? = nil) {
        self.from = from
        self.to = to
        self.regions = regions
        self.channel = channel
    }

    public init(from: LocalDate? = nil, to: LocalDate? = nil, region: RegionSelector?, channel: Channel? = nil) {
        self.init(from: from, to: to, regions: region.map { [$0] } ?? [], channel: channel)
    }

    func includes(_ occurrence: Occurrence) -> Bool {
        if let from, occurrence.local.date < from { return false }
        if let to, to < occurrence.local.date { return false }
        return true
    }

    public func includes(_ channel: Channel) -> Bool {
        self.channel == nil || self.channel == channel
    }

    /// Which of `tree`'s regions the selectors choose, by index; nil when there are no selectors.
    func regionMask(in tree: RegionTree) -> [Bool]? {
        guard let first = regions.first else { return nil }
        var mask = tree.matches(first)
        for selector in regions.dropFirst() {
            for (index, chosen) in tree.matches(selector).enumerated() where chosen { mask[index] = true }
        }
        return mask
    }

    /// Why this filter cannot mean what was asked, one line each: a range that
    /// ends before it starts, a region the schedule does not have (with the
    /// nearest path, as the schedule language says it). A filter that silently
    /// matches nothing would read as "nothing to send".
    public func problems(in tree: RegionTree) -> [String] {
        var problems: [String] = []
        if let from, let to, to < from {
            problems.append("--from \(from) is after --to \(to): the range is empty; swap them")
        }
        let paths = tree.regions.map(\.path.description)
        for selector in regions where tree.index(of: selector.path) == nil {
            var line = "no region '\(selector.path)' in the schedule"
            if let nearest = Suggestion.closest(to: selector.path.description, among: paths) {
                line += "; did you mean '\(nearest)'?"
            }
            problems.append(line)
        }
        return problems
    }
}

extension RegionSelector {
    /// The region the selector starts from.
    var path: RegionPath {
        switch self {
        case .region(let path), .children(let path), .descendants(let path): return path
        }
    }
}
