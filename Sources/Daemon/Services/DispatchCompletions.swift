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
///
/// It also decides when a completion is worth waking the loop for. Waking for
/// each one made every delivery pay a whole loop turn (outbox transactions, a
/// lease of one recipient, a timer task). Instead the loop wakes once a quarter
/// of a destination's transfers have finished, or its last one has: its free
/// slots are refilled a quarter at a time while the rest keep it busy.
final class DispatchCompletions: @unchecked Sendable {
    private struct Tally {
        var running = 0
        var finished = 0
    }

    private let lock = NSLock()
    private var pending: [DispatchCompletion] = []
    private var tallies: [String: Tally] = [:]
    /// Set once a push has asked for a wake-up, so the rest until the next drain do not ask again.
    private var wakeRequested = false

    /// Counts a transfer for `destination`; called before its task starts.
    func started(_ destination: String) {
        lock.withLock { tallies[destination, default: Tally()].running += 1 }
    }

    /// Queues `completion`; returns whether the loop should be woken for it.
    func push(_ completion: DispatchCompletion) -> Bool {
        lock.withLock {
            pending.append(completion)
            var tally = tallies[completion.destination, default: Tally()]
            tally.running -= 1
            tally.finished += 1
            tallies[completion.destination] = tally
            guard !wakeRequested, tally.running == 0 || tally.finished * 4 >= tally.running + tally.finished else {
                return false
            }
            wakeRequested = true
            return true
        }
    }

    func drain() -> [DispatchCompletion] {
        lock.withLock {
            defer { pending.removeAll(keepingCapacity: true) }
            wakeRequested = false
            for name in tallies.keys { tallies[name]?.finished = 0 }
            return pending
        }
    }
}
