@testable import Daemon
import Synchronization

/// A clock on the wall timeline that moves only when a test advances it;
/// sleepers whose deadline it reaches resume then. A whole quiet window or
/// shutdown grace passes in microseconds.
final class ManualClock: WallTimeClock {
    private struct Sleeper {
        var deadline: WallInstant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: WallInstant
        var sleepers: [UInt64: Sleeper] = [:]
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    init(at instant: Double) {
        state = Mutex(State(now: WallInstant(instant)))
    }

    var now: WallInstant { state.withLock { $0.now } }

    var minimumResolution: Duration { .zero }

    /// How many tasks sleep on this clock now.
    var sleeping: Int { state.withLock { $0.sleepers.count } }

    func sleep(until deadline: WallInstant, tolerance: Duration? = nil) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { state -> Bool in
                    guard deadline > state.now, !Task.isCancelled else { return true }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.sleepers.removeValue(forKey: id) }?.continuation.resume(throwing: CancellationError())
        }
        try Task.checkCancellation()
    }

    /// Moves the clock on by `seconds` and wakes every sleeper it reaches.
    func advance(by seconds: Double) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = WallInstant(state.now.timeIntervalSince1970 + seconds)
            let now = state.now
            let due = state.sleepers.filter { $0.value.deadline <= now }
            for id in due.keys { state.sleepers.removeValue(forKey: id) }
            return Array(due.values)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}
