@testable import Daemon
@testable import DispatchRules
import Delivery
import Outbox
import Testing

/// The dispatch machine when things go wrong or stop: an outbox that cannot be
/// written, the emergency stop, a graceful shutdown, a TLS failure.
struct DispatchMachineFaultTests {
    static let start = DispatchFixture.tenAM

    static func driver(concurrency: Int = 1000, grace: Double = 5) async throws -> MachineDriver {
        try await MachineDriver(destinations: [DispatchFixture.gateway(concurrency: concurrency)],
                                settings: DispatchFixture.settings(grace: grace),
                                snapshot: DispatchFixture.snapshot(), at: start)
    }

    /// A driver whose gateway answers only when told, after a first turn that started `count` sends.
    static func sending(_ count: Int, concurrency: Int = 1000, grace: Double = 5) async throws -> MachineDriver {
        var driver = try await driver(concurrency: concurrency, grace: grace)
        driver.answers = false
        driver.outbox.add(count, due: Int64(start))
        driver.runUntilWaiting()
        return driver
    }

    @Test func anOutboxThatCannotBeWrittenKeepsTheOutcomesBacksOffAndRecovers() async throws {
        var driver = try await Self.sending(4)
        #expect(driver.started.count == 4)
        driver.answer(4)
        driver.outbox.failNext(3)
        driver.sleepOnce()
        // The failing turn logs once and waits out the backoff, not the idle second.
        #expect(driver.logged.filter { $0.level == .error }.count == 1)
        guard case .sleep(let until) = driver.waiting else { Issue.record("no backoff: \(driver.waiting)"); return }
        #expect(until == driver.now + driver.machine.trouble.retryDelay)
        #expect(driver.outbox.recorded.isEmpty)

        driver.run(until: driver.now + 10)
        #expect(driver.outbox.recorded.map(\.delivery).sorted() == [1, 2, 3, 4], "every outcome written once it could be")
        #expect(driver.logged.contains { $0.message == "dispatching works again" })
        #expect(driver.logged.filter { $0.level == .error }.count == 1, "repeats within a minute are not logged")
    }

    @Test func leasesTakenEarlierInAFailingTurnAreStartedNotDropped() async throws {
        var driver = try await MachineDriver(destinations: [DispatchFixture.gateway()],
                                             snapshot: DispatchFixture.snapshot(others: ["second"]), at: Self.start)
        driver.outbox.add(3, campaign: "drill", due: Int64(Self.start))
        driver.outbox.add(3, campaign: "second", due: Int64(Self.start))
        // The first campaign's lease goes through; the second's rolls back.
        driver.outbox.failNext(1, call: "lease", after: 1)
        driver.runUntilWaiting()
        #expect(driver.started.map(\.lease.key.campaign) == ["drill", "drill", "drill"])
        #expect(driver.outbox.leased == 3, "no lease is left held without a transfer")
        driver.sleepOnce()
        #expect(driver.started.count == 6, "the second campaign is leased after the backoff")
    }

    @Test func outcomesOfAFailedRecordArePutBackInTheirOrderForTheNextWrite() async throws {
        var driver = try await Self.sending(3)
        driver.answer(3)
        // Nothing else is due, so the outcomes go in a record of their own; it fails.
        driver.outbox.failNext(1)
        driver.sleepOnce()
        #expect(driver.outbox.recorded.isEmpty)
        driver.sleepOnce()
        #expect(driver.outbox.recorded.map(\.delivery) == [1, 2, 3])
    }

    @Test func underTheEmergencyStopNothingIsLeasedButOutcomesAreRecorded() async throws {
        var driver = try await Self.sending(6)
        #expect(driver.started.count == 6)
        driver.outbox.add(6, due: Int64(Self.start))
        driver.emergencyStop = true
        driver.answer(6)
        driver.run(until: Self.start + 30)
        #expect(driver.started.count == 6, "nothing new under the stop")
        #expect(driver.outbox.recorded.count == 6, "the ends are written all the same")
        #expect(driver.outbox.waiting == 6)

        driver.emergencyStop = false
        driver.run(until: Self.start + 32)
        #expect(driver.started.count == 12, "lifted: sending resumes within a second")
    }

    @Test func shutdownWaitsTheGraceCancelsTheRestAndGivesBackEveryLease() async throws {
        var driver = try await Self.sending(10, concurrency: 4, grace: 5)
        #expect(driver.started.count == 4)
        driver.shutdownRequested = true
        driver.sleepOnce()
        let shutdownAt = driver.now
        guard case .sleep(let graceEnd) = driver.waiting else { Issue.record("\(driver.waiting)"); return }
        #expect(graceEnd == shutdownAt + 5)

        // One transfer ends within the grace: recorded, nothing new started.
        driver.clock.advance(by: 2)
        driver.answer(1)
        driver.sleepOnce(limit: driver.now)
        #expect(driver.outbox.recorded.map(\.delivery) == [1])
        #expect(!driver.cancelled)

        // The grace ends with three still running: cancelled, not recorded, released.
        driver.sleepOnce()
        #expect(driver.now == graceEnd)
        #expect(driver.cancelled)
        driver.sleepOnce()
        guard case .stopped = driver.waiting else { Issue.record("\(driver.waiting)"); return }
        #expect(driver.started.count == 4)
        #expect(driver.outbox.recorded.count == 1)
        #expect(driver.outbox.leased == 0)
        #expect(driver.logged.last == LogLine(level: .info, message: "dispatcher stopped", metadata: ["released": "3"]))
    }

    @Test func anOutboxThatFailsDuringShutdownStopsTheLoopAndLeavesTheLeasesForTheNextStart() async throws {
        var driver = try await Self.sending(2)
        driver.answer(2)
        driver.shutdownRequested = true
        driver.outbox.failNext(5)
        driver.sleepOnce()
        guard case .stopped = driver.waiting else { Issue.record("\(driver.waiting)"); return }
        #expect(driver.logged.last?.message.hasPrefix("dispatcher stopped without recording everything") == true)
        #expect(driver.outbox.leased == 2, "still leased in the outbox: sent again after the next start")
    }

    @Test func shutdownWithNothingInFlightStopsAtOnce() async throws {
        var driver = try await Self.driver()
        driver.runUntilWaiting()
        driver.shutdownRequested = true
        let before = driver.now
        driver.sleepOnce(limit: before)
        guard case .stopped = driver.waiting else { Issue.record("\(driver.waiting)"); return }
        #expect(driver.now == before)
    }

    @Test func aTLSFailureIsWarnedOnceNotForEveryDelivery() async throws {
        var driver = try await Self.sending(5)
        let warning = "gateway 'sim': TLS: unable to get local issuer certificate; set ca-file"
        driver.answer(5, result: .retry(at: Int64(Self.start) + 60, reason: "TLS"), warning: warning)
        driver.sleepOnce()
        // curl's detail once, and once that the gateway is failing: two lines for five deliveries.
        #expect(driver.logged.filter { $0.level == .warning }.map(\.message) == [warning, "'sim' failing: TLS; its deliveries retry"])
    }
}
