import Foundation
import Synchronization

/// Whether the daemon's loops are getting on with their work, for the systemd
/// watchdog: `HeartbeatService` pets it only while nothing is stalled, so a
/// dispatcher stuck in a call or a reload that never ends gets the daemon
/// restarted, where a timer of its own would have kept systemd content.
///
/// The dispatcher goes round at least once a second and ticks each turn; it
/// stalls when it has not ticked for `stallAfter`. The reloader is idle between
/// reloads, so it stalls only when one reload has run for longer than
/// `reloadLimit`. Time is a monotonic count of seconds (the system's uptime),
/// injected so tests can move it.
public final class ProgressMonitor: Sendable {
    public enum Loop: String, Sendable, CaseIterable {
        case dispatcher, reloader
    }

    private struct State {
        var lastTick: [Loop: Double] = [:]
        var busySince: [Loop: Double] = [:]
    }

    public let stallAfter: Double
    public let reloadLimit: Double
    private let now: @Sendable () -> Double
    private let state: Mutex<State>

    /// `ticking` are the loops expected to tick from now on.
    public init(ticking: [Loop] = [.dispatcher], stallAfter: Double = 30, reloadLimit: Double = 120,
                now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.stallAfter = stallAfter
        self.reloadLimit = reloadLimit
        self.now = now
        let start = now()
        state = Mutex(State(lastTick: Dictionary(uniqueKeysWithValues: ticking.map { ($0, start) })))
    }

    /// `loop` went round once.
    public func tick(_ loop: Loop) {
        let time = now()
        state.withLock { $0.lastTick[loop] = time }
    }

    /// `loop` starts a piece of work that must end within `reloadLimit`.
    public func began(_ loop: Loop) {
        let time = now()
        state.withLock { $0.busySince[loop] = time }
    }

    public func ended(_ loop: Loop) {
        _ = state.withLock { $0.busySince.removeValue(forKey: loop) }
    }

    /// What is stalled and for how long, in words; empty when every loop made progress recently.
    public func stalls() -> [String] {
        let time = now()
        return state.withLock { state in
            Loop.allCases.compactMap { loop in
                if let tick = state.lastTick[loop], time - tick > stallAfter {
                    return "the \(loop.rawValue) has not gone round for \(Int(time - tick)) s"
                }
                if let since = state.busySince[loop], time - since > reloadLimit {
                    return "the \(loop.rawValue) has been busy for \(Int(time - since)) s"
                }
                return nil
            }
        }
    }
}
