@testable import Daemon
@testable import DispatchRules
import Delivery
import Outbox
import Testing

/// Leasing ahead (`DispatchSettings.leaseAhead`, on for a shared outbox): leases
/// beyond what a gateway may start wait in the machine and start as transfers
/// end, also while an outbox call runs, so a slow outbox does not idle a fast
/// gateway; never more in flight than its concurrency, no lease sent twice,
/// nothing started in quiet hours or under the emergency stop.
struct DispatchLeaseAheadTests {
    static func settings(ahead: Int) -> DispatchService.Settings {
        var settings = DispatchFixture.settings()
        settings.leaseAhead = ahead
        return settings
    }

    /// Drains 100 deliveries through a gateway of 4 in flight whose transfers end
    /// during each outbox call; returns the driver.
    static func drain(ahead: Int) async throws -> MachineDriver {
        let start = DispatchFixture.tenAM
        var driver = MachineDriver(destinations: [DispatchFixture.gateway(concurrency: 4)], settings: settings(ahead: ahead),
                                   snapshot: try await DispatchFixture.snapshot(), at: start)
        driver.sendsDuringCalls = true
        driver.outbox.add(100, due: Int64(start))
        driver.run(until: start + 30)
        return driver
    }

    @Test func transfersGoOnDuringOutboxCallsWithinTheConcurrencyAndEachOnce() async throws {
        let plain = try await Self.drain(ahead: 0)
        let ahead = try await Self.drain(ahead: 16)
        for driver in [plain, ahead] {
            #expect(driver.started.count == 100)
            #expect(Set(driver.started.map(\.lease.id)).count == 100, "a delivery started twice")
            #expect(driver.outbox.recorded.count == 100)
            #expect(driver.mostRunning <= 4, "more in flight than the gateway's concurrency: \(driver.mostRunning)")
        }
        // No transfer's end wakes the driver's machine: it turns once a second. Without
        // leasing ahead each turn starts at most the 4 it has room for; with it, the
        // calls of a turn keep the gateway busy, so far fewer turns carry the same 100.
        let plainLast = try #require(plain.started.last).at - DispatchFixture.tenAM
        let aheadLast = try #require(ahead.started.last).at - DispatchFixture.tenAM
        #expect(plainLast >= 24, "the 100th started after \(plainLast) s without leasing ahead")
        #expect(aheadLast * 2 < plainLast, "the 100th started after \(aheadLast) s leasing ahead, \(plainLast) s without")
        // Each lease takes what may start and as much again to wait: fewer leases for the same 100.
        #expect(ahead.outbox.calls.filter { $0 == "lease" }.count < plain.outbox.calls.filter { $0 == "lease" }.count)
    }

    @Test func whatWaitsIsBoundedByTheSettingTheConcurrencyAndTheRate() async throws {
        let start = DispatchFixture.tenAM
        // A gateway of 8 in flight with a burst of 8: 8 start, and what waits is the least
        // of the setting, four times the concurrency and a hundredth of a second of the rate
        // (none at 20/s: its tokens, taken at the lease, would bunch its sends).
        for (rate, ahead, waiting) in [(100_000.0, 4, 4), (100_000.0, 64, 32), (1000.0, 64, 10), (20.0, 64, 0)] {
            var driver = MachineDriver(destinations: [DispatchFixture.gateway(rate: .perSecond(rate, burst: 8), concurrency: 8)],
                                       settings: Self.settings(ahead: ahead), snapshot: try await DispatchFixture.snapshot(),
                                       at: start)
            driver.answers = false  // nothing ends: what is leased stays leased
            driver.outbox.add(100, due: Int64(start))
            driver.runUntilWaiting()
            #expect(driver.started.count == 8, "rate \(rate), ahead \(ahead)")
            #expect(driver.outbox.leased == 8 + waiting, "rate \(rate), ahead \(ahead): \(driver.outbox.leased) leased")
        }
    }

    @Test func aWaitingLeaseDoesNotStartOnceItsCampaignIsQuietNorUnderTheEmergencyStop() async throws {
        let quietStart = DispatchFixture.local(23, 50)
        var driver = MachineDriver(destinations: [DispatchFixture.gateway(concurrency: 1)], settings: Self.settings(ahead: 8),
                                   snapshot: try await DispatchFixture.snapshot(quiet: "23:50-00:10"), at: quietStart - 10)
        driver.answers = false
        driver.sendsDuringCalls = true
        driver.outbox.add(20, due: Int64(quietStart - 10))
        driver.runUntilWaiting()
        #expect(driver.started.count == 1)
        #expect(driver.outbox.leased == 5, "one running, four waiting (four times its concurrency)")

        // Under the emergency stop an end frees the slot, but nothing waiting starts.
        driver.emergencyStop = true
        driver.answer(1)
        driver.sleepOnce()
        #expect(driver.started.count == 1)
        driver.emergencyStop = false
        driver.sleepOnce()
        #expect(driver.started.count == 2, "released by the stop's end")

        // That turn leased one more to wait. The window begins while four wait: they never
        // start, and stay leased unsent (the lease lapses and brings them back after the
        // window); nothing new is leased.
        driver.run(until: quietStart + 1)
        driver.answer(1)
        driver.run(until: quietStart + 60)
        #expect(driver.started.count == 2, "started in quiet hours: \(driver.started.map(\.at))")
        #expect(!driver.started.contains { $0.at >= quietStart })
        #expect(driver.outbox.recorded.count == 2)
        #expect(driver.outbox.leased == 4)
        #expect(driver.machine.waiting.values.allSatisfy { $0.isEmpty })
    }

    @Test func nothingWaitsIntoAQuietWindowAboutToBegin() async throws {
        let quietStart = DispatchFixture.local(23, 50)
        var driver = MachineDriver(destinations: [DispatchFixture.gateway(concurrency: 2)], settings: Self.settings(ahead: 8),
                                   snapshot: try await DispatchFixture.snapshot(quiet: "23:50-00:10"), at: quietStart - 1)
        driver.answers = false
        driver.outbox.add(20, due: Int64(quietStart - 1))
        driver.runUntilWaiting()
        #expect(driver.started.count == 2)
        #expect(driver.outbox.leased == 2, "leased ahead into the window")
    }

    /// A stopped process (SIGSTOP) or a clock jump: what waited may have been taken
    /// over by another instance once its lease lapsed, so it is not sent.
    @Test func aWaitingLeaseStartsOnlyIfItsTransferEndsBeforeTheLeaseDoes() async throws {
        let start = DispatchFixture.tenAM
        var settings = Self.settings(ahead: 8)
        settings.leaseSeconds = 30
        // The gateway's timeout is 5 s: a lease taken at 10:00:00 may start a transfer until 10:00:25.
        var driver = MachineDriver(destinations: [DispatchFixture.gateway(concurrency: 2)], settings: settings,
                                   snapshot: try await DispatchFixture.snapshot(), at: start)
        driver.answers = false
        driver.outbox.add(40, due: Int64(start))
        driver.runUntilWaiting()
        #expect(driver.started.count == 2)
        driver.run(until: start + 10)
        driver.answer(1)
        driver.sleepOnce()
        #expect(driver.started.count == 3, "started within its lease")
        // Those leased at 10:00:00 (one more was leased at 10:00:10 to refill what waits).
        let early = Set((driver.machine.waiting["sim"] ?? []).filter { $0.lease.expires == Int64(start) + 30 }.map(\.lease.id))
        #expect(!early.isEmpty)

        driver.run(until: start + 26)
        driver.answer(2)
        driver.sleepOnce()
        let late = driver.started.filter { $0.at >= start + 26 }.map(\.lease.id)
        #expect(!late.isEmpty, "fresh leases start")
        #expect(early.isDisjoint(with: late), "a lease about to lapse was sent: \(early.intersection(late))")
    }

    @Test func aGracefulShutdownStartsNothingWaitingAndGivesEveryLeaseBack() async throws {
        let start = DispatchFixture.tenAM
        var driver = MachineDriver(destinations: [DispatchFixture.gateway(concurrency: 2)], settings: Self.settings(ahead: 8),
                                   snapshot: try await DispatchFixture.snapshot(), at: start)
        driver.answers = false
        driver.outbox.add(20, due: Int64(start))
        driver.runUntilWaiting()
        #expect(driver.outbox.leased == 10, "two running, eight waiting")
        driver.shutdownRequested = true
        driver.answer(2)
        driver.sleepOnce()
        driver.run(until: start + 30)
        guard case .stopped = driver.waiting else {
            Issue.record("did not stop: \(driver.waiting)")
            return
        }
        #expect(driver.started.count == 2)
        #expect(driver.outbox.recorded.count == 2)
        #expect(driver.outbox.leased == 0, "every lease given back")
        #expect(driver.outbox.waiting == 18)
    }
}
