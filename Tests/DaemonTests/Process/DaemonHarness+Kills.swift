import DispatchRules
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// SIGKILL in the middle of a broadcast, aimed by the gateway's progress rather
/// than by time, so a slow machine moves the kill, not the point it lands on.
extension DaemonHarness {
    /// What one SIGKILL may leave sent and not recorded, so sent again: the transfers
    /// in flight, and what the daemon's leases ahead started since its last record
    /// (`DispatchMachine.aheadLimit`, 10 ms of the rate at most).
    static func copiesAKillMayCost(concurrency: Int, perSecond: Double) -> Int {
        concurrency + DispatchMachine.aheadLimit(concurrency: concurrency, perSecond: perSecond,
                                                 leaseAhead: DispatchSettings(owner: "daemon").batch)
    }

    /// Starts the daemon, SIGKILLs it as soon as the gateway has received
    /// `requests` requests in all (this run's and earlier ones'), and waits for
    /// it to die. False when the daemon stalled before that or did not die.
    func runUntilKilled(afterRequests requests: Int, pretendNow: String, timeout: Duration = .seconds(60)) async throws -> Bool {
        try start(pretendNow: pretendNow)
        let reached = await simulator.log.waitForRequests(requests, timeout: timeout) != nil
        signal(SIGKILL)
        let died = await waitForExit(seconds: 10) != nil
        return reached && died
    }

    /// Starts the daemon once more, waits until every recipient was reached and
    /// stops it with SIGTERM; its exit status, or nil if it did not exit.
    func finish(pretendNow: String, timeout: Double = 120) async throws -> Int32? {
        try start(pretendNow: pretendNow)
        try await waitUntilEveryoneReached(timeout: timeout)
        signal(SIGTERM)
        return await waitForExit(seconds: 15)
    }

    /// Requests beyond the first for a number: the copies a kill cost.
    var extraCopies: Int {
        let received = receivedNumbers
        return received.count - Set(received).count
    }
}
