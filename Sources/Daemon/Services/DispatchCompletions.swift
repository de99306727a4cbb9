import Foundation
import Outbox

/// One finished attempt, handed from its transfer task back to the dispatch loop.
struct DispatchCompletion: Sendable {
    var destination: String
    /// nil when shutdown ended the transfer rather than the peer: nothing is
    /// recorded, and the lease is released for the next start to send.
    var outcome: Outcome?
    var startedAt: Double
    var throttled: Bool
}

/// Completions waiting for the dispatch loop, which records them in batches:
/// a thousand sends finishing together cost one transaction.
final class DispatchCompletions: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [DispatchCompletion] = []

    func push(_ completion: DispatchCompletion) {
        lock.withLock { pending.append(completion) }
    }

    func drain() -> [DispatchCompletion] {
        lock.withLock {
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }
}
