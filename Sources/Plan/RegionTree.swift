import Schedule

/// The schedule's regions as a tree, addressed by their index in declaration
/// order, so selections are lists of small integers that sort back into that order.
public struct RegionTree: Sendable {
    public let regions: [Region]
    private let indexByPath: [RegionPath: Int]
    private let children: [[Int]]
    /// For each region, the nearest declared ancestor.
    let parentIndex: [Int?]
    /// Bindings by index, so counting sends never copies a `Region`.
    private let hasSMS: [Bool]
    private let webhookCounts: [Int]

    public init(_ regions: [Region]) {
        self.regions = regions
        var indexByPath: [RegionPath: Int] = [:]
        for (index, region) in regions.enumerated() where indexByPath[region.path] == nil {
            indexByPath[region.path] = index
        }
        var children = Array(repeating: [Int](), count: regions.count)
        var parentIndex = [Int?](repeating: nil, count: regions.count)
        for (index, region) in regions.enumerated() {
            var ancestor = region.path.parent
            while let path = ancestor, indexByPath[path] == nil { ancestor = path.parent }
            if let path = ancestor, let parent = indexByPath[path] {
                parentIndex[index] = parent
                children[parent].append(index)
            }
        }
        self.indexByPath = indexByPath
        self.children = children
        self.parentIndex = parentIndex
        hasSMS = regions.map { $0.sms != nil }
        webhookCounts = regions.map(\.webhooks.count)
    }

    /// Whether the region at `index` says where this channel's sends go.
    public func isBound(_ index: Int, to channel: Channel) -> Bool {
        switch channel {
        case .sms: hasSMS[index]
        case .webhook: webhookCounts[index] > 0
        }
    }

    /// The regions of `selection` (sorted indices) that get nothing on `channel`.
    /// An unbound region is covered from above when an ancestor in the selection
    /// is bound (a county without a list under a city whose list is sent to: a
    /// parent's list holds its children's people), and from below when every
    /// child is selected and bound or covered from below (a province without a
    /// list of its own whose cities all have one).
    public func uncovered(_ selection: [Int], on channel: Channel) -> [Int] {
        var selected = Array(repeating: false, count: regions.count)
        for index in selection { selected[index] = true }
        var fromBelow: [Int: Bool] = [:]
        func coveredFromBelow(_ index: Int) -> Bool {
            if let known = fromBelow[index] { return known }
            let covered = !children[index].isEmpty && children[index].allSatisfy { child in
                selected[child] && (isBound(child, to: channel) || coveredFromBelow(child))
            }
            fromBelow[index] = covered
            return covered
        }
        return selection.filter { index in
            guard !isBound(index, to: channel), !coveredFromBelow(index) else { return false }
            var ancestor = parentIndex[index]
            while let parent = ancestor {
                if selected[parent] && isBound(parent, to: channel) { return false }
                ancestor = parentIndex[parent]
            }
            return true
        }
    }

    /// The webhook endpoints of the region at `index`.
    public func endpointCount(_ index: Int) -> Int { webhookCounts[index] }

    public func index(of path: RegionPath) -> Int? { indexByPath[path] }

    /// The regions the targets reach: every included region not excluded,
    /// each once, in declaration order. Unknown paths select nothing (the
    /// loader reports them).
    public func select(_ targets: Targets) -> [Int] {
        var chosen = Array(repeating: false, count: regions.count)
        for selector in targets.include { mark(selector, as: true, in: &chosen) }
        for selector in targets.exclude { mark(selector, as: false, in: &chosen) }
        return chosen.indices.filter { chosen[$0] }
    }

    /// Whether each region matches `selector`, by index.
    public func matches(_ selector: RegionSelector) -> [Bool] {
        var chosen = Array(repeating: false, count: regions.count)
        mark(selector, as: true, in: &chosen)
        return chosen
    }

    private func mark(_ selector: RegionSelector, as value: Bool, in chosen: inout [Bool]) {
        switch selector {
        case .region(let path):
            if let index = indexByPath[path] { chosen[index] = value }
        case .children(let path):
            guard let index = indexByPath[path] else { return }
            for child in children[index] { chosen[child] = value }
        case .descendants(let path):
            guard let index = indexByPath[path] else { return }
            var pending = children[index]
            while let next = pending.popLast() {
                chosen[next] = value
                pending.append(contentsOf: children[next])
            }
        }
    }
}
