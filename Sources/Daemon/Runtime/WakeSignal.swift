import Foundation

/// Wakes a sleeping service early: new work was enqueued, a transfer finished,
/// a reload swapped the schedule. Signals coalesce (one pending wake-up at most),
/// so a burst of a thousand completions costs one extra loop, not a thousand.
/// One task waits at a time: each service owns its own signal.
public final class WakeSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = false
    private var waiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>, timer: Task<Void, Never>?)?
    private var nextID: UInt64 = 0

    public init() {}

    public func signal() {
        resumeWaiter { waiting in if !waiting { pending = true } }
    }

    /// Set by `endWork` until `takeWorkEnded`: the waiter's own work
    /// (an outbox call it makes meanwhile) ended. Kept apart from `pending` so
    /// that the work's end does not cut the waiter's next sleep short.
    private var workEnded = false

    /// The waiter starts work whose end should wake it (`endWork`).
    public func beginWork() {
        lock.withLock { workEnded = false }
    }

    /// The waiter's work ended: wakes it now, or its next `wait` at once,
    /// until `takeWorkEnded` or the next `beginWork`.
    public func endWork() {
        resumeWaiter { _ in workEnded = true }
    }

    /// Under the lock, `mark` notes the event (told whether a task waits); then
    /// the waiting task, if any, is resumed outside it.
    private func resumeWaiter(_ mark: (_ waiting: Bool) -> Void) {
        lock.lock()
        mark(waiter != nil)
        guard let current = waiter else {
            lock.unlock()
            return
        }
        waiter = nil
        lock.unlock()
        current.timer?.cancel()
        current.continuation.resume()
    }

    /// Whether the work ended; reading it forgets that it did, so the next sleep is whole.
    public func takeWorkEnded() -> Bool {
        lock.withLock {
            defer { workEnded = false }
            return workEnded
        }
    }

    /// Returns on a signal (also one given before the call), when the waiter's
    /// work ends (`endWork`, also before the call), once `clock` reads
    /// `deadline` (seconds since 1970 UTC), or when the task is cancelled,
    /// whichever comes first. A test's manual clock ends the wait when advanced.
    public func wait(until deadline: Double?, clock: some WallTimeClock) async {
        let id = lock.withLock { () -> UInt64 in
            nextID += 1
            return nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.lock()
                if workEnded {
                    lock.unlock()
                    continuation.resume()
                    return
                }
                if pending || Task.isCancelled {
                    pending = false
                    lock.unlock()
                    continuation.resume()
                    return
                }
                let timer = deadline.map { deadline in
                    Task { [weak self] in
                        try? await clock.sleep(until: WallInstant(deadline), tolerance: nil)
                        self?.wake(id)
                    }
                }
                waiter = (id, continuation, timer)
                lock.unlock()
            }
        } onCancel: {
            wake(id)
        }
    }

    private func wake(_ id: UInt64) {
        lock.lock()
        guard let current = waiter, current.id == id else {
            lock.unlock()
            return
        }
        waiter = nil
        lock.unlock()
        current.timer?.cancel()
        current.continuation.resume()
    }
}
