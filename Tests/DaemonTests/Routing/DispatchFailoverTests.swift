@testable import Daemon
import DaemonConfig
import Delivery
@testable import DispatchRules
import LineLanguage
import Outbox
import Testing

/// Routes in the dispatch machine on a manual clock: a gateway down or
/// refusing a number moves the delivery to the next one at once, with the same
/// lease; a route's gateways each keep their own rate, and carry together.
struct DispatchFailoverTests {
    static let here = SourceLocation(file: "broadcastd.conf", line: 1, column: 1)

    /// Every number (the test outbox's are +86170…) to `first`, then `then`; with 50/50 shares when `split`.
    static func route(_ first: [String], then: [String] = [], refusals: [RouteConfiguration.Refusal] = []) -> RouteConfiguration {
        let tiers = [first, then].filter { !$0.isEmpty }.map { tier in
            tier.map { RouteConfiguration.Share(gateway: $0, weight: 1, location: here) }
        }
        return RouteConfiguration(name: "carriers", rules: [.init(match: .other, tiers: tiers, location: here)],
                                  refusals: refusals, location: here)
    }

    static func gateway(_ name: String, rate: RateLimit.Bucket = .perSecond(1000, burst: 1000)) -> Destination {
        var destination = DispatchFixture.gateway(rate: rate)
        destination.name = name
        return destination
    }

    static let refused = Result<HTTPResponse, TransportError>.failure(TransportError(.connectionRefused, "connection refused"))
    static let accepted = Result<HTTPResponse, TransportError>.success(HTTPResponse(status: 202, body: Array("0: Accepted for delivery".utf8)))

    /// `count` deliveries through `cm` then `agg`, all started on `cm` at 10:00 and not answered yet.
    static func startedOnCM(_ count: Int) async throws -> MachineDriver {
        var driver = MachineDriver(destinations: [gateway("cm"), gateway("agg")], routes: [route(["cm"], then: ["agg"])],
                                   snapshot: try await DispatchFixture.snapshot(), at: DispatchFixture.tenAM)
        driver.answers = false
        driver.outbox.add(count, destination: "carriers", due: Int64(DispatchFixture.tenAM))
        driver.runUntilWaiting()
        return driver
    }

    @Test func aDownGatewayFailsOverAtOnceWithTheSameLeaseAndLaterDeliveriesPassItBy() async throws {
        let start = DispatchFixture.tenAM
        var driver = try await Self.startedOnCM(20)
        #expect(driver.startedThrough == Array(repeating: "cm", count: 20))

        driver.answer(20, transport: Self.refused)
        // The ends wake the loop at once; its next turn starts the failovers.
        driver.sleepOnce(limit: driver.now)
        #expect(driver.startedThrough.suffix(20) == Array(repeating: "agg", count: 20), "moved on at once")
        #expect(driver.started.suffix(20).map(\.lease.id) == driver.started.prefix(20).map(\.lease.id), "the same leases")
        #expect(driver.started.suffix(20).allSatisfy { $0.at == start }, "no backoff")
        #expect(driver.failovers.count == 20 && driver.failovers.allSatisfy { $0 == ("carriers", "cm", "agg") })
        #expect(driver.logged.contains { $0.message == "'cm' is down; route 'carriers' sends past it" })

        driver.answer(20, transport: Self.accepted)
        driver.outbox.add(5, destination: "carriers", due: Int64(start + 1))
        driver.answers = true
        driver.run(until: start + 2)
        let recorded = driver.outbox.recorded
        #expect(recorded.count == 20 + 5 && Set(recorded.map(\.delivery)).count == 25, "each delivery recorded once")
        #expect(recorded.allSatisfy { $0.result.state == .delivered })
        #expect(recorded.prefix(20).allSatisfy { $0.gateway == "agg" }, "counted for the gateway that carried it")
        #expect(recorded.prefix(20).allSatisfy { $0.failedOverFrom == ["cm"] }, "the outcome carries its failover")
        #expect(recorded.suffix(5).allSatisfy { $0.failedOverFrom.isEmpty })
        #expect(driver.startedThrough.suffix(5) == Array(repeating: "agg", count: 5), "a down gateway is passed by")
    }

    @Test func aDownGatewayGetsTrafficAgainOnceItAnswersItsProbe() async throws {
        let start = DispatchFixture.tenAM
        var driver = try await Self.startedOnCM(4)
        driver.answer(4, transport: Self.refused)
        driver.sleepOnce(limit: driver.now)
        driver.answer(4, transport: Self.accepted)
        driver.outbox.add(3, destination: "carriers", due: Int64(start + 5))
        driver.run(until: start + 6)
        driver.answer(3, transport: Self.accepted)
        #expect(driver.startedThrough.suffix(7) == Array(repeating: "agg", count: 7), "cm is open for its cooldown")

        // After the cooldown one delivery is cm's probe; the rest pass it by until the probe answers.
        let reopen = start + GatewayCircuit.firstCooldown + 1
        driver.outbox.add(5, destination: "carriers", due: Int64(reopen))
        driver.run(until: reopen + 0.5)
        #expect(driver.startedThrough.suffix(5).filter { $0 == "cm" }.count == 1, "\(driver.startedThrough)")
        driver.answer(5, transport: Self.accepted)
        driver.run(until: reopen + 1)
        #expect(driver.logged.contains { $0.message == "'cm' answered its probe; route 'carriers' sends through it again" })
        driver.outbox.add(5, destination: "carriers", due: Int64(reopen + 2))
        driver.run(until: reopen + 2.5)
        #expect(driver.startedThrough.suffix(5) == Array(repeating: "cm", count: 5), "traffic returned to cm")
        driver.answer(5, transport: Self.accepted)
        driver.run(until: reopen + 3)
        let recorded = driver.outbox.recorded
        #expect(recorded.count == 17 && recorded.allSatisfy { $0.result.state == .delivered }, "\(recorded.count)")
        #expect(recorded.filter { $0.failedOverFrom == ["cm"] }.count == 4, "only the first four failed over")
    }

    @Test func notMineMovesOnAndTheLastGatewaysRefusalRetriesWithBackoff() async throws {
        let start = DispatchFixture.tenAM
        var driver = MachineDriver(destinations: [Self.gateway("cu"), Self.gateway("agg")],
                                   routes: [Self.route(["cu"], then: ["agg"], refusals: [.status(403)])],
                                   snapshot: try await DispatchFixture.snapshot(), at: start)
        driver.answers = false
        driver.outbox.add(3, destination: "carriers", due: Int64(start))
        driver.runUntilWaiting()
        let notMine = Result<HTTPResponse, TransportError>.success(HTTPResponse(status: 403, body: Array("Denied".utf8)))
        driver.answer(3, transport: notMine)
        driver.sleepOnce(limit: driver.now)
        #expect(driver.startedThrough == ["cu", "cu", "cu", "agg", "agg", "agg"])
        driver.answer(3, transport: notMine)
        driver.run(until: start + 1)
        let recorded = driver.outbox.recorded
        #expect(recorded.count == 3)
        for outcome in recorded {
            guard case .retry(let at, let reason) = outcome.result else { Issue.record("\(outcome)"); continue }
            #expect(reason == "not mine: agg http 403")
            #expect(Double(at) > start, "the retry policy's backoff once every gateway said no")
        }
        // "Not mine" says nothing about the gateway: it still takes traffic.
        #expect(!driver.machine.router.isDown("cu", now: driver.now))
    }

    @Test func attemptsWaitingForAGatewayAReloadRemovedGoToTheRoutesNewGatewayWithTheirLeases() async throws {
        let start = DispatchFixture.tenAM
        var driver = MachineDriver(destinations: [Self.gateway("cm", rate: .perSecond(1, burst: 1)), Self.gateway("agg")],
                                   routes: [Self.route(["cm"], then: ["agg"])],
                                   snapshot: try await DispatchFixture.snapshot(), at: start)
        driver.answers = false
        driver.outbox.add(10, destination: "carriers", due: Int64(start))
        driver.runUntilWaiting()
        let waitingForCM = driver.machine.waiting["cm", default: []].map(\.lease.id)
        #expect(!waitingForCM.isEmpty, "the route leased ahead for cm's next tokens")

        driver.machine.reconfigure(destinations: ["agg": Self.gateway("agg")], routes: [Self.route(["agg"])], now: driver.now)
        #expect(driver.machine.waiting["cm"] == nil)
        let sentBefore = driver.started.count
        driver.sleepOnce(limit: driver.now)
        let after = zip(driver.started, driver.startedThrough).dropFirst(sentBefore)
        #expect(after.allSatisfy { $0.1 == "agg" }, "nothing more goes to the removed gateway")
        #expect(Set(waitingForCM).isSubset(of: after.map(\.0.lease.id)), "the waiting ones went with their leases")
    }

    @Test func eachGatewayKeepsItsRateAndTogetherTheyCarryTheirSum() async throws {
        let start = DispatchFixture.tenAM
        var driver = MachineDriver(destinations: [Self.gateway("cm-a", rate: .perSecond(10, burst: 1)),
                                                  Self.gateway("cm-b", rate: .perSecond(10, burst: 1))],
                                   routes: [Self.route(["cm-a", "cm-b"])],
                                   snapshot: try await DispatchFixture.snapshot(), at: start)
        driver.outbox.add(1_000, destination: "carriers", due: Int64(start))
        driver.run(until: start + 20)
        for gateway in ["cm-a", "cm-b"] {
            let times = zip(driver.started, driver.startedThrough).filter { $0.1 == gateway }.map(\.0.at)
            for (index, first) in times.enumerated() {
                #expect(times[index...].prefix { $0 < first + 1 }.count <= 11, "\(gateway) above its rate")
            }
            #expect(times.count >= 150, "\(gateway) carried \(times.count) in 20 s")
        }
        #expect(driver.started.count >= 380, "two gateways of 10/s carry about 20/s: \(driver.started.count)")
        #expect(Set(driver.outbox.recorded.map(\.delivery)).count == driver.outbox.recorded.count)
    }

    @Test func theEmergencyStopHoldsFailoversToo() async throws {
        let start = DispatchFixture.tenAM
        var driver = try await Self.startedOnCM(4)
        driver.emergencyStop = true
        driver.answer(4, transport: Self.refused)
        driver.sleepOnce(limit: driver.now)
        driver.run(until: start + 5)
        #expect(driver.startedThrough == ["cm", "cm", "cm", "cm"], "nothing starts under the emergency stop")
        driver.emergencyStop = false
        driver.run(until: start + 6)
        #expect(driver.startedThrough.suffix(4) == ["agg", "agg", "agg", "agg"], "the failovers go once it is lifted")
        #expect(driver.outbox.recorded.isEmpty, "held, not recorded: still leased")
    }
}
