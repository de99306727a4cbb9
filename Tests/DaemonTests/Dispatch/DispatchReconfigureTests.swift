@testable import Daemon
@testable import DispatchRules
import Delivery
import Loading
import Outbox
import Testing

/// A reload's new gateways on the dispatch machine, on a manual clock: a rate
/// change applies from the next lease, transfers in flight keep the settings
/// they started with, and deliveries for a removed gateway wait, not fail.
struct DispatchReconfigureTests {
    @Test func aRateChangeAppliesFromTheNextTurnWithoutAFreshBurst() async throws {
        let start = DispatchFixture.tenAM
        var driver = MachineDriver(destinations: [DispatchFixture.gateway(rate: .perSecond(5, burst: 1))],
                                   snapshot: try await DispatchFixture.snapshot(), at: start)
        driver.outbox.add(1000, due: Int64(start))
        driver.run(until: start + 10)
        let slow = driver.started.count
        #expect((48...52).contains(slow), "\(slow) sent in 10 s at 5/s")

        driver.machine.reconfigure(destinations: ["sim": DispatchFixture.gateway(rate: .perSecond(50, burst: 1))],
                                   routes: [], now: driver.now)
        driver.run(until: start + 20)
        let fast = driver.started.count - slow
        #expect((490...505).contains(fast), "\(fast) sent in the 10 s after the reload at 50/s")
        let firstSecond = driver.started.dropFirst(slow).filter { $0.at < start + 11 }.count
        #expect(firstSecond <= 52, "no burst beyond the new rate right after the reload: \(firstSecond)")
    }

    @Test func transfersInFlightKeepTheirSettingsAndTheNewCapCountsThem() async throws {
        let start = DispatchFixture.tenAM
        var driver = MachineDriver(destinations: [DispatchFixture.gateway(concurrency: 3, timeout: .seconds(5))],
                                   snapshot: try await DispatchFixture.snapshot(), at: start)
        driver.answers = false
        driver.outbox.add(10, due: Int64(start))
        driver.run(until: start + 2)
        #expect(driver.started.count == 3)

        driver.machine.reconfigure(destinations: ["sim": DispatchFixture.gateway(concurrency: 5, timeout: .seconds(7))],
                                   routes: [], now: driver.now)
        driver.run(until: start + 4)
        #expect(driver.started.count == 5, "the three in flight count against the new cap of five")
        #expect(driver.machine.inFlight == 5)
        let timeouts = driver.running.map(\.attempt.destination.timeout)
        #expect(timeouts == [.seconds(5), .seconds(5), .seconds(5), .seconds(7), .seconds(7)],
                "those started before the reload keep the settings they started with")

        driver.answer(5)
        driver.sleepOnce()
        #expect(driver.machine.inFlight <= 5)
        #expect(driver.outbox.recorded.count >= 5, "ends of transfers started before the reload are recorded")
    }

    @Test func aRemovedGatewayHoldsItsDeliveriesAndTheyGoWhenItComesBack() async throws {
        let start = DispatchFixture.tenAM
        var driver = MachineDriver(destinations: [DispatchFixture.gateway(rate: .perSecond(5, burst: 1))],
                                   snapshot: try await DispatchFixture.snapshot(), at: start)
        driver.outbox.add(20, due: Int64(start))
        driver.machine.reconfigure(destinations: [:], routes: [], now: driver.now)
        driver.run(until: start + 30)
        #expect(driver.started.isEmpty, "nothing goes to a gateway no longer configured")
        #expect(!driver.outbox.recorded.contains { $0.result.state == .dead }, "nothing fails")
        #expect(driver.logged.contains { $0.message.contains("no gateway or endpoint named 'sim'") })

        driver.machine.reconfigure(destinations: ["sim": DispatchFixture.gateway(rate: .perSecond(5, burst: 1))],
                                   routes: [], now: driver.now)
        driver.run(until: start + 40)
        #expect(driver.started.count == 20, "all held deliveries went once it came back")
    }
}
