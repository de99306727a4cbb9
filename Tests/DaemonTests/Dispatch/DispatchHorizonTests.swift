@testable import Daemon
@testable import DispatchRules
import Delivery
import Outbox
import Testing

/// Leasing before the due time (`DispatchSettings.leaseHorizon`, built and off in
/// the daemon): the second before a burst leases it, the machine holds
/// the leases, and each starts at its due time, never before, within the
/// gateway's concurrency; not in a quiet window, not under the emergency stop,
/// not once shutdown began.
struct DispatchHorizonTests {
    static let due = DispatchFixture.tenAM

    static func settings(horizon: Int64 = 1, leaseSeconds: Int64 = 300) -> DispatchService.Settings {
        var settings = DispatchService.Settings(owner: "broadcastd-test", shutdownGrace: 5, leaseSeconds: leaseSeconds)
        settings.leaseHorizon = horizon
        return settings
    }

    /// A driver 5 s before `due` with `count` deliveries due then, run to just before it.
    static func heldBurst(_ count: Int, concurrency: Int = 1000, settings: DispatchService.Settings = settings(),
                          quiet: String? = nil, at due: Double = due) async throws -> MachineDriver {
        var driver = MachineDriver(destinations: [DispatchFixture.gateway(rate: .perSecond(100_000, burst: 1000),
                                                                          concurrency: concurrency)],
                                   settings: settings, snapshot: try await DispatchFixture.snapshot(quiet: quiet), at: due - 5)
        driver.outbox.add(count, due: Int64(due))
        // Until the last instant before the due time: the horizon's leases are taken, none started.
        driver.run(until: due - 0.001)
        return driver
    }

    @Test func aBurstIsLeasedInTheSecondBeforeAndStartsAtItsDueTimeNotBefore() async throws {
        // Until the horizon nothing is leased: a pause or cancel written before it is honoured by the lease.
        var early = MachineDriver(destinations: [DispatchFixture.gateway()], settings: Self.settings(),
                                  snapshot: try await DispatchFixture.snapshot(), at: Self.due - 5)
        early.outbox.add(300, due: Int64(Self.due))
        early.run(until: Self.due - 1.001)
        #expect(early.outbox.leased == 0, "leased more than the horizon ahead")

        var driver = try await Self.heldBurst(300)
        #expect(driver.outbox.leased == 300, "the burst is leased in the second before it")
        #expect(driver.started.isEmpty, "started before the due time")
        #expect(driver.machine.held["sim"]?.count == 300)

        driver.run(until: Self.due + 0.5)
        #expect(driver.started.count == 300)
        #expect(driver.started.allSatisfy { $0.at == Self.due }, "each starts at the due instant")
        #expect(Set(driver.started.map(\.lease.id)).count == 300, "a delivery started twice")
        #expect(driver.outbox.recorded.count == 300)
        #expect(driver.machine.held.isEmpty)
    }

    @Test func withoutAHorizonNothingIsLeasedBeforeItIsDue() async throws {
        let driver = try await Self.heldBurst(50, settings: Self.settings(horizon: 0))
        #expect(driver.outbox.leased == 0)
        #expect(driver.outbox.calls.filter { $0 == "lease" }.isEmpty)
    }

    /// Held leases start within the gateway's concurrency, as ends make room, each once;
    /// a held lease starts only once every settled outcome is recorded, so what a SIGKILL
    /// can leave sent and unrecorded stays at most what is in flight.
    @Test func heldLeasesStartWithinTheConcurrencyOnceEachAfterTheOutcomesAreRecorded() async throws {
        var driver = try await Self.heldBurst(200, concurrency: 8)
        #expect(driver.started.isEmpty)
        driver.run(until: Self.due + 60)
        #expect(driver.started.count == 200)
        #expect(Set(driver.started.map(\.lease.id)).count == 200)
        #expect(driver.mostRunning <= 8, "more in flight than the concurrency: \(driver.mostRunning)")
        #expect(driver.started.allSatisfy { $0.at >= Self.due })
        #expect(driver.outbox.recorded.count == 200)
    }

    @Test func nothingIsLeasedAheadIntoAQuietWindow() async throws {
        let quietStart = DispatchFixture.local(23, 50)
        var driver = try await Self.heldBurst(20, quiet: "23:50-00:10", at: quietStart)
        #expect(driver.outbox.leased == 0, "leased ahead into the window")
        driver.run(until: quietStart + 120)
        #expect(driver.started.isEmpty, "started in quiet hours")
    }

    @Test func heldLeasesDoNotStartUnderTheEmergencyStop() async throws {
        var driver = try await Self.heldBurst(30)
        #expect(driver.outbox.leased == 30)
        driver.emergencyStop = true
        driver.run(until: Self.due + 5)
        #expect(driver.started.isEmpty, "started under the emergency stop")
        driver.emergencyStop = false
        driver.run(until: Self.due + 7)
        #expect(driver.started.count == 30, "started once the stop ended, within their lease")
        #expect(driver.started.allSatisfy { $0.at >= Self.due + 5 })
    }

    @Test func aShutdownGivesHeldLeasesBackUnsent() async throws {
        var driver = try await Self.heldBurst(30)
        driver.shutdownRequested = true
        driver.run(until: Self.due + 5)
        guard case .stopped = driver.waiting else {
            Issue.record("the dispatcher did not stop: \(driver.waiting)")
            return
        }
        #expect(driver.started.isEmpty, "started during shutdown")
        #expect(driver.outbox.leased == 0, "a held lease was not given back")
        #expect(driver.machine.held.isEmpty)
    }

    /// A held lease whose transfer could outlast it (the process was stopped, the clock
    /// jumped) may be another instance's by then: dropped unsent, its lease lapses.
    @Test func aHeldLeaseThatCouldOutlastItsTransferIsNotSent() async throws {
        // Leases of 6 s taken at 09:59:59 lapse at 10:00:05; the gateway's timeout is 5 s.
        var driver = try await Self.heldBurst(10, settings: Self.settings(leaseSeconds: 6))
        #expect(driver.outbox.leased == 10)
        driver.run(until: Self.due + 0.5)
        #expect(driver.started.isEmpty, "started a transfer that could outlast its lease")
        #expect(driver.machine.held.isEmpty)
    }
}
