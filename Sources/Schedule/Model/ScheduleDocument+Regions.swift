/// Region lookups later stages share with validation: which regions a
/// message reaches, and which variables a region sees.
extension ScheduleDocument {
    /// The regions `targets` selects, in declaration order, each once.
    public func regions(reachedBy targets: Targets) -> [Region] {
        RegionTree(regions).regions(reachedBy: targets)
    }

    /// The variables a text sees in `region` apart from `{date}`: campaign
    /// `set` variables, overridden by the region's ancestors' and its own,
    /// then the built-ins `region`, `region.path` and `campaign`.
    public func variables(for region: Region) -> [String: String] {
        var variables = campaign.variables.merging(RegionTree(regions).inheritedVariables(of: region.path)) { $1 }
        variables["region"] = region.displayName
        variables["region.path"] = region.path.description
        variables["campaign"] = campaign.title
        return variables
    }
}

/// Regions by path, for selecting and inheriting.
struct RegionTree {
    let regions: [Region]
    let byPath: [RegionPath: Region]

    init(_ regions: [Region]) {
        self.regions = regions
        self.byPath = Dictionary(regions.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func regions(reachedBy targets: Targets) -> [Region] {
        regions.filter { region in
            targets.include.contains { $0.selects(region.path) } && !targets.exclude.contains { $0.selects(region.path) }
        }
    }

    /// The `set` variables of the region and its ancestors, the nearest winning.
    func inheritedVariables(of path: RegionPath) -> [String: String] {
        var chain: [Region] = []
        var next: RegionPath? = path
        while let current = next {
            if let region = byPath[current] { chain.append(region) }
            next = current.parent
        }
        return chain.reversed().reduce(into: [:]) { result, region in
            result.merge(region.variables) { $1 }
        }
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
