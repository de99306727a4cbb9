import Daemon
import Foundation
@testable import OutboxSQLite
import Logging
import Synchronization
import Testing

/// The watchdog is petted only while the daemon's loops make progress: a
/// dispatcher that stopped going round, or a reload that never ends, stops the
/// `WATCHDOG=1`s so that systemd restarts the daemon. Time is a test clock.
struct ProgressMonitorTests {
    final class TestClock: Sendable {
        private let time = Mutex<Double>(1_000)
        var now: Double { time.withLock { $0 } }
        func advance(_ seconds: Double) { time.withLock { $0 += seconds } }
    }

    let clock = TestClock()

    func monitor() -> ProgressMonitor {
        let clock = clock
        return ProgressMonitor(stallAfter: 30, reloadLimit: 120, now: { clock.now })
    }

    @Test func aDispatcherThatGoesRoundIsNoStall() {
        let progress = monitor()
        for _ in 0..<100 {
            clock.advance(1)
            progress.tick(.dispatcher)
            #expect(progress.stalls().isEmpty)
        }
    }

    @Test func aDispatcherThatStopsTickingStallsAfterTheLimit() {
        let progress = monitor()
        clock.advance(30)
        #expect(progress.stalls().isEmpty)
        clock.advance(1)
        #expect(progress.stalls() == ["the dispatcher has not gone round for 31 s"])
        progress.tick(.dispatcher)
        #expect(progress.stalls().isEmpty)
    }

    @Test func anIdleReloaderNeverStallsButAReloadThatNeverEndsDoes() {
        let progress = monitor()
        for _ in 0..<10 {
            clock.advance(25)
            progress.tick(.dispatcher)
        }
        #expect(progress.stalls().isEmpty)
        progress.began(.reloader)
        for _ in 0..<4 {
            clock.advance(25)
            progress.tick(.dispatcher)
        }
        #expect(progress.stalls().isEmpty)
        clock.advance(25)
        progress.tick(.dispatcher)
        #expect(progress.stalls() == ["the reloader has been busy for 125 s"])
        progress.ended(.reloader)
        #expect(progress.stalls().isEmpty)
    }

    /// The heartbeat itself: WATCHDOG=1 while the dispatcher ticks, none once it stalls, again once it ticks.
    @Test func theHeartbeatPetsTheWatchdogOnlyWhileNothingIsStalled() async throws {
        let folder = NSTemporaryDirectory() + "heartbeat-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let socket = try NotifySocket()
        // WATCHDOG_USEC of 0.2 s: a beat every 0.1 s.
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "200000"])
        let progress = monitor()
        let heartbeat = HeartbeatService(outbox: try SQLiteOutbox(stateDirectory: folder, access: .daemon(now: 0)), notifier: notifier, clock: WallClock(),
                                         logRetention: 30 * 86_400,
                                         logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }, progress: progress)
        let running = Task { try await heartbeat.run() }
        defer { running.cancel() }
        #expect(await socket.receiveOffThePool(waiting: 20) == "WATCHDOG=1")
        clock.advance(31)
        // Beats already sent may still be queued; after them, silence.
        try await Task.sleep(for: .milliseconds(300))
        socket.drain()
        #expect(await socket.receiveOffThePool(waiting: 0.5) == nil, "the watchdog was petted while the dispatcher was stalled")
        progress.tick(.dispatcher)
        #expect(await socket.receiveOffThePool(waiting: 20) == "WATCHDOG=1")
    }
}

extension NotifySocket {
    /// Throws away every datagram already queued.
    func drain() {
        while receive(waiting: 0.01) != nil {}
    }

    /// `receive(waiting:)` on a thread of its own: blocking a thread of the
    /// cooperative pool (two on this machine) could starve the very task that
    /// is to send the datagram.
    func receiveOffThePool(waiting seconds: Double) async -> String? {
        // The socket is only read from that thread while this call waits for it.
        nonisolated(unsafe) let socket = self
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: socket.receive(waiting: seconds)) }
        }
    }

    /// The next datagram within `seconds`, or nil.
    func receive(waiting seconds: Double) -> String? {
        var pollFD = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&pollFD, 1, Int32(seconds * 1000)) > 0 else { return nil }
        return receive()
    }
}
