import Plan
import Schedule

/// What a reload changes in the schedule, message by message (`campaign/message`):
/// added, removed, retimed (its occurrences moved, were added or dropped) and
/// retexted. Pure: tested without a daemon.
public struct ScheduleChanges: Sendable, Equatable {
    public var added: [String] = []
    public var removed: [String] = []
    public var retimed: [String] = []
    public var retexted: [String] = []

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && retimed.isEmpty && retexted.isEmpty }

    public init(from old: [String: LoadedCampaign], to new: [String: LoadedCampaign]) {
        for name in Set(old.keys).union(new.keys).sorted() {
            let before = old[name]?.messagesByName ?? [:]
            let after = new[name]?.messagesByName ?? [:]
            for message in after.keys.sorted() {
                let key = "\(name)/\(message)"
                guard let previous = before[message], let current = after[message] else {
                    added.append(key)
                    continue
                }
                if previous.texts != current.texts { retexted.append(key) }
                if old[name]?.instants(of: message) != new[name]?.instants(of: message) { retimed.append(key) }
            }
            removed += before.keys.sorted().filter { after[$0] == nil }.map { "\(name)/\($0)" }
        }
    }

    /// One line per kind of change, for the log and `status`; empty when nothing changed.
    public var lines: [String] {
        [("added", added), ("removed", removed), ("retimed", retimed), ("retexted", retexted)]
            .filter { !$0.1.isEmpty }
            .map { "\($0.1.count) message\($0.1.count == 1 ? "" : "s") \($0.0): \($0.1.joined(separator: ", "))" }
    }
}

extension LoadedCampaign {
    fileprivate var messagesByName: [String: Message] {
        Dictionary(document.messages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    fileprivate func instants(of message: String) -> [Int64] {
        plan.occurrences.filter { $0.message == message }.map(\.instant)
    }
}
