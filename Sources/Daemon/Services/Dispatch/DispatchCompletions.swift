import Delivery
import Foundation
import Outbox

/// One transfer that ended, as the transport's thread reports it: the loop
/// reads the verdict and records it in its next turn.
struct TransferEnd: Sendable {
    var transfer: HTTPTransport.TransferID
    var result: Result<HTTPResponse, TransportError>
    var endedAt: Double
}

/// Transfer ends waiting for the dispatch loop, which records them in batches:
/// a thousand sends finishing together cost one transaction.
///
/// It also decides when an end is worth waking the loop for. Waking for
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
    private var pending: [TransferEnd] = []
    private var tallies: [String: Tally] = [:]
    /// Set once a push has asked for a wake-up, so the rest until the next drain do not ask again.
    private var wakeRequested = false

    /// Counts `count` transfers for `destination`; called before they start.
    func started(_ destination: String, count: Int) {
        lock.withLock { tallies[destination, default: Tally()].running += count }
    }

    /// Queues `end` of a transfer for `destination`; returns whether the loop should be woken for it.
    func push(_ end: TransferEnd, destination: String) -> Bool {
        lock.withLock {
            pending.append(end)
            var tally = tallies[destination, default: Tally()]
            tally.running -= 1
            tally.finished += 1
            tallies[destination] = tally
            guard !wakeRequested, tally.running == 0 || tally.finished * 4 >= tally.running + tally.finished else {
                return false
            }
            wakeRequested = true
            return true
        }
    }

    func drain() -> [TransferEnd] {
        lock.withLock {
            defer { pending.removeAll(keepingCapacity: true) }
            wakeRequested = false
            for name in tallies.keys { tallies[name]?.finished = 0 }
            return pending
        }
    }
}
