/// Region lookups later stages share with validation: which regions a
/// message reaches, and which variables a region sees. For one-off use;
/// a loop over many messages builds one `RegionIndex` and asks it.
extension ScheduleDocument {
    /// The regions `targets` selects, in declaration order, each once.
    public func regions(reachedBy targets: Targets) -> [Region] {
        RegionIndex(regions).regions(reachedBy: targets)
    }

    /// See `RegionIndex.variables(for:campaign:)`.
    public func variables(for region: Region) -> [String: String] {
        RegionIndex(regions).variables(for: region, campaign: campaign)
    }
}

/// Regions by path with their inherited `set` variables worked out once,
/// for selecting and substituting across many messages.
public struct RegionIndex: Sendable {
    public let regions: [Region]
    public let byPath: [RegionPath: Region]
    /// Each region's `set` variables merged with its ancestors', the nearest winning.
    private let inherited: [RegionPath: [String: String]]
    private let position: [RegionPath: Int]
    private let children: [RegionPath: [Int]]

    public init(_ regions: [Region]) {
        self.regions = regions
        self.byPath = Dictionary(regions.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        self.position = Dictionary(regions.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
        var children: [RegionPath: [Int]] = [:]
        for (index, region) in regions.enumerated() {
            if let parent = region.path.parent { children[parent, default: []].append(index) }
        }
        self.children = children
        var inherited: [RegionPath: [String: String]] = [:]
        // Parents come before children, so a parent's set is ready when its child needs it.
        for region in regions where inherited[region.path] == nil {
            let fromParent = region.path.parent.flatMap { inherited[$0] } ?? [:]
            inherited[region.path] = fromParent.merging(region.variables) { $1 }
        }
        self.inherited = inherited
    }

    /// Walks the tree from each selector instead of testing every region
    /// against every selector: a plan asks this once per message.
    public func regions(reachedBy targets: Targets) -> [Region] {
        var selected = [Bool](repeating: false, count: regions.count)
        for selector in targets.include {
            for index in indices(selectedBy: selector) { selected[index] = true }
        }
        for selector in targets.exclude {
            for index in indices(selectedBy: selector) { selected[index] = false }
        }
        return regions.indices.filter { selected[$0] }.map { regions[$0] }
    }

    private func indices(selectedBy selector: RegionSelector) -> [Int] {
        switch selector {
        case .region(let path):
            return position[path].map { [$0] } ?? []
        case .children(let path):
            return children[path] ?? []
        case .descendants(let path):
            var found: [Int] = []
            var queue = children[path] ?? []
            while let index = queue.popLast() {
                found.append(index)
                queue += children[regions[index].path] ?? []
            }
            return found
        }
    }

    /// The `set` variables of the region and its ancestors, the nearest winning.
    public func inheritedVariables(of path: RegionPath) -> [String: String] {
        inherited[path] ?? [:]
    }

    /// The variables a text sees in `region` apart from `{date}`: campaign
    /// `set` variables, overridden by the region's ancestors' and its own,
    /// then the built-ins `region`, `region.path` and `campaign`.
    public func variables(for region: Region, campaign: Campaign) -> [String: String] {
        var variables = campaign.variables.merging(inheritedVariables(of: region.path)) { $1 }
        variables["region"] = region.displayName
        variables["region.path"] = region.path.description
        variables["campaign"] = campaign.title
        return variables
    }
}

extension RegionSelector {
    public func selects(_ path: RegionPath) -> Bool {
        switch self {
        case .region(let target): return path == target
        case .children(let parent): return path.parent == parent
        case .descendants(let ancestor): return path.isDescendant(of: ancestor)
        }
    }

    public var path: RegionPath {
        switch self {
        case .region(let path), .children(let path), .descendants(let path): return path
        }
    }
}
