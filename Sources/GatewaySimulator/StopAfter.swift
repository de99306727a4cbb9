import NIOCore
import Synchronization

/// A gateway that goes down after answering so many requests, the way `make demo`
/// stops one carrier's Kannel mid-launch. Exactly `answers` requests are answered;
/// then the listener closes, so new connections are refused, and a request still
/// arriving on a connection left open is dropped unanswered and uncounted, its
/// connection closed, as a stopped process would leave it.
///
/// Counted in requests rather than seconds so that the demo stops the gateway at
/// the same point of the launch on a fast machine and a slow one.
final class StopAfter: Sendable {
    enum Decision: Equatable {
        case answer
        /// The last request it answers; the listener closes once it is answered.
        case answerThenStop
        case drop
    }

    private struct State {
        var left: Int
        var listener: (any Channel)?
    }

    private let state: Mutex<State>
    private let onStop: @Sendable () -> Void

    init(answers: Int, onStop: @escaping @Sendable () -> Void = {}) {
        state = Mutex(State(left: answers))
        self.onStop = onStop
    }

    /// The server channel to close when the answers run out (bound after this was made).
    func listen(on channel: any Channel) {
        let closeNow = state.withLock { state in
            state.listener = channel
            return state.left <= 0
        }
        if closeNow { stop() }
    }

    /// What to do with a request that just arrived: one answer less each time.
    func decide() -> Decision {
        state.withLock { state in
            guard state.left > 0 else { return .drop }
            state.left -= 1
            return state.left == 0 ? .answerThenStop : .answer
        }
    }

    /// Closes the listener: from now on nothing accepts on its port.
    func stop() {
        let listener = state.withLock { state in
            defer { state.listener = nil }
            return state.listener
        }
        guard let listener else { return }
        listener.close(promise: nil)
        onStop()
    }
}
