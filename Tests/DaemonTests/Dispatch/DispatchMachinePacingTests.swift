@testable import Daemon
@testable import DispatchRules
import Delivery
import Loading
import Outbox
import Testing

/// The dispatch machine's pacing on a manual clock: quiet hours, rate windows,
/// the in-flight cap and the batch cap, each run to the end in microseconds.
struct DispatchMachinePacingTests {
    @Test func quietHoursAcrossMidnightPauseTheBroadcastAndItResumesWhenTheyEnd() async throws {
        let quietStart = DispatchFixture.local(23, 50)
        let quietEnd = DispatchFixture.local(24, 10)  // 00:10 the next day
        var driver = MachineDriver(destinations: [DispatchFixture.gateway(rate: .perSecond(2), concurrency: 2)],
                                   snapshot: try await DispatchFixture.snapshot(quiet: "23:50-00:10"),
                                   at: quietStart - 20)
        driver.outbox.add(200, due: Int64(quietStart - 20))
        driver.run(until: quietEnd + 30)

        let times = driver.started.map(\.at)
        #expect(times.filter { $0 < quietStart }.count >= 30, "sent at the rate before the window")
        #expect(!times.contains { $0 >= quietStart && $0 < quietEnd }, "nothing sent inside quiet hours")
        #expect(times.filter { $0 >= quietEnd }.count >= 50, "resumed at the window's end")
        #expect(times.contains { $0 == quietEnd }, "resumed at the very second the window ends")
        // The machine looked at least once a second through the window, and at its end.
        #expect(driver.turns >= Int(quietEnd - quietStart))
    }

    @Test func noOneSecondWindowHoldsMoreThanTheRateAndTheBurst() async throws {
        let start = DispatchFixture.tenAM
        var driver = MachineDriver(destinations: [DispatchFixture.gateway(rate: .perSecond(10, burst: 5))],
                                   snapshot: try await DispatchFixture.snapshot(), at: start)
        driver.outbox.add(500, due: Int64(start))
        driver.run(until: start + 20)

        let times = driver.started.map(\.at)
        for (index, first) in times.enumerated() {
            #expect(times[index...].prefix { $0 < first + 1 }.count <= 15, "more than rate plus burst in one second")
        }
        // 20 s at 10/s plus the burst that was there at the start.
        #expect((195...206).contains(times.count), "\(times.count) sent in 20 s")
    }

    /// A gateway's rate shared with other instances (PostgreSQL): each lease
    /// carries the gateway's buckets, and when the shared bucket holds a lease
    /// back the machine asks again when it said, not a second later.
    @Test func aLeaseHeldBackByTheSharedRateIsAskedAgainWhenTheBucketSays() async throws {
        let start = DispatchFixture.tenAM
        // Its own limiter has room for a whole batch: only the shared rate holds it back.
        var driver = MachineDriver(destinations: [DispatchFixture.gateway(rate: .perSecond(1000, burst: 1000))],
                                   snapshot: try await DispatchFixture.snapshot(), at: start)
        driver.answers = false  // no transfer's end wakes the machine: only the shared rate's wait
        driver.outbox.add(100, due: Int64(start))
        driver.outbox.shareRate(allow: 2, wait: 0.25)
        driver.run(until: start + 2)

        #expect(driver.outbox.sharedRatesAsked.first == [SharedRateBucket(perSecond: 1000, burst: 1000)])
        let times = driver.started.map(\.at)
        #expect(times.prefix(4) == [start, start, start + 0.25, start + 0.25], "\(times.prefix(6))")
        #expect((14...18).contains(times.count), "2 every 0.25 s for 2 s: \(times.count)")
    }

    @Test func neverMoreInFlightThanTheConcurrencyAndAnEndFreesASlot() async throws {
        let start = DispatchFixture.tenAM
        var driver = MachineDriver(destinations: [DispatchFixture.gateway(concurrency: 3)],
                                   snapshot: try await DispatchFixture.snapshot(), at: start)
        driver.answers = false
        driver.outbox.add(10, due: Int64(start))
        driver.run(until: start + 5)
        #expect(driver.started.count == 3)
        #expect(driver.machine.inFlight == 3)

        driver.answer(1)
        driver.sleepOnce()
        #expect(driver.started.count == 4, "one end, one more start")
        #expect(driver.outbox.recorded.count == 1, "the end's outcome rides on the next lease")
    }

    @Test func aFullBatchLooksAgainAtOnceInsteadOfSleeping() async throws {
        let start = DispatchFixture.tenAM
        var driver = MachineDriver(destinations: [DispatchFixture.gateway()], settings: DispatchFixture.settings(batch: 4),
                                   snapshot: try await DispatchFixture.snapshot(), at: start)
        driver.outbox.add(10, due: Int64(start))
        driver.runUntilWaiting()
        // Three turns without a sleep: 4 + 4 + 2, all at the same instant.
        #expect(driver.started.count == 10)
        #expect(Set(driver.started.map(\.at)) == [start])
        #expect(driver.turns == 3)
    }

    @Test func skippedDeliveriesUseUpTheBatchSoTheMachineLooksAgainAtOnce() async throws {
        let start = DispatchFixture.tenAM
        var driver = MachineDriver(destinations: [DispatchFixture.gateway()], snapshot: try await DispatchFixture.snapshot(),
                                   at: start)
        driver.outbox.add(5, due: Int64(start))
        driver.outbox.skipNext(2)
        driver.runUntilWaiting()
        #expect(driver.started.count == 3)
        // The first turn, then one more at the same instant because of the skips, then a sleep.
        #expect(driver.turns == 2)
        #expect(driver.outbox.waiting == 0)
    }

    @Test func ratesArePublishedAtTheFirstTurnAndEveryTenSeconds() async throws {
        let start = DispatchFixture.tenAM
        var driver = MachineDriver(destinations: [DispatchFixture.gateway(rate: .perSecond(20))],
                                   snapshot: try await DispatchFixture.snapshot(), at: start)
        driver.run(until: start + 25)
        #expect(driver.outbox.calls.filter { $0 == "rates" }.count == 3)
        #expect(driver.outbox.publishedRates == [DestinationRate(name: "sim", channel: "sms", perSecond: 20)])
    }
}
