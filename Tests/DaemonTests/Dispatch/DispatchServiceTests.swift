@testable import Daemon
import Delivery
import Foundation
import GatewaySimulator
import Logging
import Outbox
import ServiceLifecycle
import Testing

/// The thin service around the machine, in-process: an outbox in memory, the
/// real libcurl transport to a loopback simulator, and a manual clock, so a
/// quiet window or a shutdown grace passes when the test says, not in real time.
@Suite(.serialized)
struct DispatchServiceTests {
    /// Runs a `DispatchService` in a service group for the length of `body`.
    struct Running {
        let outbox = InMemoryDispatchOutbox()
        let clock = ManualClock(at: DispatchFixture.tenAM)
        let log = CapturedLog()
        let simulator: GatewaySimulator
        let group: ServiceGroup
        let task: Task<Void, any Error>

        init(simulator: GatewaySimulator, registry: CampaignRegistry, at now: Double, grace: Double = 5, leaseAhead: Int = 0,
             prepare: (InMemoryDispatchOutbox, ManualClock) -> Void) {
            self.simulator = simulator
            clock.advance(by: now - DispatchFixture.tenAM)
            prepare(outbox, clock)
            var settings = DispatchFixture.settings(grace: grace)
            settings.leaseAhead = leaseAhead
            let service = DispatchService(registry: registry, outbox: outbox,
                                          transport: HTTPTransport(configuration: .init(maxConnections: 8)),
                                          destinations: ["sim": DispatchFixture.gateway(concurrency: 8, port: simulator.port,
                                                                                          timeout: .seconds(120))],
                                          clock: clock, settings: settings, wake: WakeSignal(),
                                          logger: log.logger)
            let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: log.logger))
            self.group = group
            task = Task { try await group.run() }
        }

        /// Waits (bounded) until `done` holds.
        func until(_ done: () -> Bool) async -> Bool {
            await ReportServiceTests.poll(timeout: .seconds(20), until: { $0 }, done)
        }

        /// Advances the clock a second at a time while the service sleeps, up to `seconds`.
        func advance(_ seconds: Int) async {
            for _ in 0..<seconds {
                _ = await until { clock.sleeping > 0 }
                clock.advance(by: 1)
            }
        }

        func stop() async throws {
            await group.triggerGracefulShutdown()
            try await task.value
        }
    }

    @Test func everythingDueIsSentRecordedAndNoLeaseIsHeldAfterAGracefulStop() async throws {
        try await GatewaySimulator.with { simulator in
            let running = Running(simulator: simulator, registry: try DispatchFixture.registry(), at: DispatchFixture.tenAM) {
                outbox, _ in outbox.add(12, due: Int64(DispatchFixture.tenAM))
            }
            #expect(await running.until { running.outbox.recorded.count == 12 }, "\(running.log.all)")
            #expect(simulator.log.requests.count == 12)
            try await running.stop()
            #expect(running.outbox.leased == 0)
            #expect(running.log.all.contains { $0.hasPrefix("info dispatcher stopped") })
        }
    }

    /// Leasing ahead, as on a shared outbox: the loop starts waiting leases while
    /// its outbox calls run; each person still gets one request, none is lost,
    /// and the stop gives back the leases still waiting.
    @Test func leasingAheadSendsEachOnceAndAStopGivesBackWhatWaits() async throws {
        try await GatewaySimulator.with { simulator in
            let running = Running(simulator: simulator, registry: try DispatchFixture.registry(), at: DispatchFixture.tenAM,
                                  leaseAhead: 64) { outbox, _ in outbox.add(300, due: Int64(DispatchFixture.tenAM)) }
            #expect(await running.until { running.outbox.recorded.count == 300 }, "\(running.log.all)")
            let requests = simulator.log.requests
            #expect(requests.count == 300)
            #expect(Set(requests.map(\.uri)).count == 300, "a person got two requests")
            try await running.stop()
            #expect(running.outbox.leased == 0)
        }
    }

    @Test func aQuietWindowOnTheManualClockHoldsTheBroadcastUntilTheClockLeavesIt() async throws {
        try await GatewaySimulator.with { simulator in
            // 10:01:00, inside 10:01-10:02; the broadcast was due at 10:00.
            let running = Running(simulator: simulator, registry: try DispatchFixture.registry(quiet: "10:01-10:02"),
                                  at: DispatchFixture.local(10, 1)) { outbox, _ in
                outbox.add(5, due: Int64(DispatchFixture.tenAM))
            }
            await running.advance(59)
            #expect(simulator.log.requests.isEmpty, "sent inside quiet hours")
            await running.advance(1)
            #expect(await running.until { running.outbox.recorded.count == 5 }, "\(running.log.all)")
            try await running.stop()
        }
    }

    @Test func shutdownGraceEndsWhenTheClockSaysSoAndHangingTransfersAreCancelledAndReleased() async throws {
        try await GatewaySimulator.with { simulator in
            simulator.script(Array(repeating: .hang, count: 4), for: "/cgi-bin/sendsms")
            let running = Running(simulator: simulator, registry: try DispatchFixture.registry(), at: DispatchFixture.tenAM,
                                  grace: 30) { outbox, _ in
                outbox.add(4, due: Int64(DispatchFixture.tenAM))
            }
            #expect(await running.until { running.outbox.leased == 4 })
            let stopped = StopFlag()
            let stopping = Task {
                try await running.stop()
                stopped.set()
            }
            // The grace is 30 s on the manual clock; real time barely moves.
            let began = ContinuousClock.now
            var advanced = 0
            while !stopped.isSet && advanced < 40 {
                _ = await running.until { running.clock.sleeping > 0 || stopped.isSet }
                running.clock.advance(by: 1)
                advanced += 1
            }
            try await stopping.value
            #expect(advanced >= 30, "stopped before the grace was over")
            #expect(ContinuousClock.now - began < .seconds(15))
            #expect(running.outbox.recorded.isEmpty, "cancelled transfers record nothing")
            #expect(running.outbox.leased == 0, "their leases are given back")
            #expect(running.log.all.contains { $0.contains("dispatcher stopped") && $0.contains("released=4") })
        }
    }
}
