import Synchronization

/// One transfer waiting for the transfer loop, and who hears how it ended:
/// a `send` waiting on its continuation, or a batch's callback.
struct PendingTransfer: Sendable {
    typealias Ended = @Sendable (HTTPTransport.TransferID, Result<HTTPResponse, TransportError>) -> Void

    var id: UInt64
    var request: HTTPRequest
    var timeoutMilliseconds: Int
    var ended: Ended

    func resume(_ result: Result<HTTPResponse, TransportError>) {
        ended(HTTPTransport.TransferID(raw: id), result)
    }
}

/// Where callers on any thread leave transfers and cancellations for the loop
/// thread, and how they ask it to stop. The loop is woken only when the inbox
/// goes from empty to non-empty: a wakeup that arrives while the loop is busy
/// stays pending in the multi handle's eventfd, so the next `wait` returns at once
/// and the loop drains everything.
final class TransferInbox: Sendable {
    struct Work {
        var transfers: [PendingTransfer]
        /// Ids of transfers the loop has started and their callers gave up on.
        var cancellations: [UInt64]
        var stopping: Bool
    }

    private struct State {
        var pending: [PendingTransfer] = []
        var cancellations: [UInt64] = []
        /// Submitted and not yet reported finished by the loop.
        var unfinished: Set<UInt64> = []
        var stopping = false
        var exited = false
        var exitWaiters: [CheckedContinuation<Void, Never>] = []

        var isEmpty: Bool { pending.isEmpty && cancellations.isEmpty }
    }

    private let state = Mutex(State())
    private let nextID = Atomic<UInt64>(0)
    private let multi: MultiHandle

    init(waking multi: MultiHandle) {
        self.multi = multi
    }

    func makeID() -> UInt64 {
        nextID.add(1, ordering: .relaxed).newValue
    }

    /// False once the transport is stopping; the caller then fails the transfers itself.
    /// A batch takes the lock once and wakes the loop at most once.
    func submit(contentsOf transfers: some Collection<PendingTransfer>) -> Bool {
        let shouldWake: Bool? = state.withLock { state in
            guard !state.stopping else { return nil }
            defer {
                state.pending.append(contentsOf: transfers)
                for transfer in transfers { state.unfinished.insert(transfer.id) }
            }
            return state.isEmpty && !transfers.isEmpty
        }
        guard let shouldWake else { return false }
        if shouldWake { multi.wakeup() }
        return true
    }

    /// Ends transfer `id` early: at once if the loop has not taken it yet, else
    /// through the loop. Unknown ids (finished, or not yet submitted) are ignored.
    func cancel(_ id: UInt64) {
        enum Action { case none, resume(PendingTransfer), wake }
        let action: Action = state.withLock { state in
            guard state.unfinished.contains(id) else { return .none }
            if let index = state.pending.firstIndex(where: { $0.id == id }) {
                state.unfinished.remove(id)
                return .resume(state.pending.remove(at: index))
            }
            let wasEmpty = state.isEmpty
            state.cancellations.append(id)
            return wasEmpty ? .wake : .none
        }
        switch action {
        case .none: break
        case .resume(let transfer): transfer.resume(.failure(TransferLoop.cancelledError))
        case .wake: multi.wakeup()
        }
    }

    func takeAll() -> Work {
        state.withLock { state in
            // The loop asks every turn; an empty inbox must not cost a fresh buffer each time.
            guard !state.isEmpty else { return Work(transfers: [], cancellations: [], stopping: state.stopping) }
            defer {
                state.pending.removeAll(keepingCapacity: true)
                state.cancellations.removeAll(keepingCapacity: true)
            }
            return Work(transfers: state.pending, cancellations: state.cancellations, stopping: state.stopping)
        }
    }

    /// The loop reports transfers it has resumed, so later cancellations of them are ignored.
    func markFinished(_ ids: [UInt64]) {
        state.withLock { state in
            for id in ids { state.unfinished.remove(id) }
        }
    }

    func stop() {
        state.withLock { $0.stopping = true }
        multi.wakeup()
    }

    /// Called by the loop as its last act; returns transfers that arrived too late to run.
    func markExited() -> [PendingTransfer] {
        let (leftovers, waiters) = state.withLock { state in
            state.exited = true
            defer {
                state.pending = []
                state.unfinished = []
                state.exitWaiters = []
            }
            return (state.pending, state.exitWaiters)
        }
        for waiter in waiters { waiter.resume() }
        return leftovers
    }

    func waitUntilExited() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let alreadyExited = state.withLock { state in
                if !state.exited { state.exitWaiters.append(waiter) }
                return state.exited
            }
            if alreadyExited { waiter.resume() }
        }
    }
}
