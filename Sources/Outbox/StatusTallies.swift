/// How a backend adds up the counts its queries return for `status`, so
/// every backend sums and orders them alike.
extension ClosedCount {
    public struct Tally: Sendable {
        private var totals: [ClosedCount] = []

        public init() {}

        /// Adds `count` (a stored state's raw value and reason); zeros and unknown states are left out.
        public mutating func add(_ state: Int64, _ reason: String, _ count: Int64) {
            guard count > 0, let state = DeliveryState(rawValue: state) else { return }
            if let index = totals.firstIndex(where: { $0.state == state && $0.reason == reason }) {
                totals[index].count += count
            } else {
                totals.append(ClosedCount(state: state, reason: reason, count: count))
            }
        }

        /// By state, then the largest count first, then by reason.
        public var sorted: [ClosedCount] {
            totals.sorted { ($0.state.rawValue, -$0.count, $0.reason) < ($1.state.rawValue, -$1.count, $1.reason) }
        }
    }
}

extension DestinationCounts {
    public struct Tally: Sendable {
        private var totals: [String: DestinationCounts] = [:]

        public init() {}

        public mutating func add(channel: String, destination: String, state: DeliveryState, count: Int64) {
            totals[destination, default: DestinationCounts(channel: channel, destination: destination, counts: StateCounts())]
                .counts[state] += count
        }

        /// A destination's handset outcomes from receipts, added to what its rows already counted.
        public mutating func add(handset: HandsetCounts, destination: String) {
            guard var entry = totals[destination] else { return }
            entry.handset = entry.handset + handset
            totals[destination] = entry
        }

        /// By channel, then destination.
        public var sorted: [DestinationCounts] {
            totals.values.sorted { ($0.channel, $0.destination) < ($1.channel, $1.destination) }
        }
    }
}
