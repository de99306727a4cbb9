import Foundation
import Outbox
@testable import OutboxPostgres
import OutboxTestSupport
import Testing

/// The server stops (a fast shutdown: a restart, a failover) while outbox
/// calls are on their connections: every call ends, with an error or a
/// result, within a bound, and calls work again once the server is back.
/// A call that waits for ever here is the dispatcher stalled for good.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ServerStopTests {
    /// Longer than any call may take once its server is gone.
    static let bound = Duration.seconds(15)

    /// Statements still running on the server when it stops (a long sleep on
    /// every pooled connection): each fails when its connection closes.
    @Test func statementsRunningWhenTheServerStopsFail() async throws {
        let server = try PostgresTestServer.dedicated()
        let configuration = try server.configuration(database: "stop-running")
        let outbox = try await PostgresOutbox.open(configuration, access: .daemon(now: 0))
        let calls = CallLog()
        for _ in 0..<4 {
            calls.start {
                try await outbox.transaction { try await $0.run("SELECT pg_sleep(60)") }
            }
        }
        try await waitUntil("4 statements running", seconds: 15) {
            let running = try server.psql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'")
            return running.trimmingCharacters(in: .whitespacesAndNewlines) == "4"
        }
        try server.stopServer()
        let ended = await calls.waitUntilAllEnded(within: Self.bound)
        #expect(ended.unfinished == 0, "\(ended.unfinished) calls still running \(Self.bound) after the server stopped")
        #expect(ended.failed == 4, "a statement cut off by the stop fails")
        try server.startServer()
        _ = try await eventually(seconds: 15) { try await outbox.nextDueTime() }
    }

    /// The dispatcher's own calls in a tight loop on every pooled connection,
    /// the server stopped under them several times: no call outlives the bound.
    @Test func dispatcherCallsInFlightWhenTheServerStopsEnd() async throws {
        let server = try PostgresTestServer.dedicated()
        let configuration = try server.configuration(database: "stop-loop")
        let outbox = try await PostgresOutbox.open(configuration, access: .daemon(now: 0))
        for round in 1...5 {
            let calls = CallLog()
            let stop = StopSignal()
            for worker in 0..<8 {
                calls.start {
                    while !stop.isSet {
                        _ = try await outbox.nextDueTime()
                        _ = try await outbox.dueDestinations(now: Int64(worker))
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(200 + 150 * round))
            try server.stopServer()
            stop.set()
            let ended = await calls.waitUntilAllEnded(within: Self.bound)
            #expect(ended.unfinished == 0, "round \(round): \(ended.unfinished) calls still running \(Self.bound) after the stop")
            try server.startServer()
            _ = try await eventually(seconds: 15) { try await outbox.nextDueTime() }
            if ended.unfinished > 0 { return }
        }
    }

    private func waitUntil(_ what: String, seconds: Double, _ check: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try !check() {
            guard Date() < deadline else { throw StopTestError(description: "not within \(seconds) s: \(what)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// `call` retried until it succeeds (the pool reconnects in the background).
    private func eventually<T>(seconds: Double, _ call: () async throws -> T) async throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            do { return try await call() } catch {
                guard Date() < deadline else { throw error }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}

/// Calls started as their own tasks, so that one that never ends cannot hold
/// the test up: the test counts how many ended and how, within a bound.
private final class CallLog: @unchecked Sendable {
    private let lock = NSLock()
    private var running = 0
    private var failed = 0

    func start(_ call: @escaping @Sendable () async throws -> Void) {
        lock.withLock { running += 1 }
        Task {
            var threw = false
            do { try await call() } catch { threw = true }
            lock.withLock {
                running -= 1
                if threw { failed += 1 }
            }
        }
    }

    func waitUntilAllEnded(within bound: Duration) async -> (unfinished: Int, failed: Int) {
        let deadline = ContinuousClock.now + bound
        while ContinuousClock.now < deadline, lock.withLock({ running }) > 0 {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return lock.withLock { (running, failed) }
    }
}

private final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

private struct StopTestError: Error, CustomStringConvertible {
    var description: String
}
