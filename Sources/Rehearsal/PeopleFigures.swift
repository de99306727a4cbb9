import Outbox
import Plan
import Schedule

/// How many people each broadcast of one occurrence sends to: its list's
/// people as the plan counts them (one copy per person, deepest region
/// first), or the region's `people N` estimate where the rehearsal uses it
/// (asked to, or the list cannot be read). An estimate counts everyone living
/// in the region, so the people of deeper regions the same occurrence sends to
/// on the same channel are taken off it, as the deeper list would send them.
struct PeopleFigures {
    struct Figure {
        var count: Int
        var estimated: Bool
    }

    var people: [Figure]

    init(_ broadcasts: [NewBroadcast], tree: RegionTree, reach: ReachCount?, useEstimates: Bool) {
        let regions = broadcasts.map { tree.index(of: RegionPath($0.key.region)) }
        let whole = zip(broadcasts, regions).map { broadcast, region -> Figure in
            switch broadcast.recipients {
            case .inline(let recipients):
                return Figure(count: recipients.count, estimated: false)
            case .list(_, let listed):
                let counted = region.flatMap { reach?.people[$0] }
                if let region, let estimate = tree.regions[region].people, useEstimates || counted == nil {
                    return Figure(count: estimate, estimated: true)
                }
                return Figure(count: counted ?? Int(listed ?? 0), estimated: false)
            }
        }
        var figures = whole
        for (index, broadcast) in broadcasts.enumerated() where whole[index].estimated {
            guard let path = regions[index].map({ tree.regions[$0].path }) else { continue }
            let deeper = broadcasts.indices.filter { other in
                other != index && broadcasts[other].key.channel == broadcast.key.channel
                    && regions[other].map { tree.regions[$0].path.isDescendant(of: path) } == true
            }
            // Only the nearest: a county's figure is already inside its city's.
            let nearest = deeper.filter { candidate in
                !deeper.contains { other in
                    other != candidate && regions[candidate].map { tree.regions[$0].path }!
                        .isDescendant(of: regions[other].map { tree.regions[$0].path }!)
                }
            }
            let below = nearest.reduce(0) { $0 + whole[$1].count }
            figures[index].count = max(0, whole[index].count - below)
        }
        people = figures
    }
}
