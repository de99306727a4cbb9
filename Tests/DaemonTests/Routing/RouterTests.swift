import DaemonConfig
import LineLanguage
import Testing
@testable import DispatchRules

/// The route decisions over a test clock: which gateway a number goes to, by
/// carrier, prefix and share; the order it fails over in; refusals; half-open
/// recovery.
struct RouterTests {
    /// Seconds on the wall timeline, advanced by the test, never read from a real clock.
    struct TestClock {
        var now = 1_612_872_000.0
        mutating func advance(by seconds: Double) { now += seconds }
    }

    static let here = SourceLocation(file: "broadcastd.conf", line: 1, column: 1)

    static func tier(_ shares: (String, Int)...) -> [RouteConfiguration.Share] {
        shares.map { RouteConfiguration.Share(gateway: $0.0, weight: $0.1, location: here) }
    }

    static func rule(_ match: RouteConfiguration.Match, _ tiers: [RouteConfiguration.Share]...) -> RouteConfiguration.Rule {
        RouteConfiguration.Rule(match: match, tiers: tiers, location: here)
    }

    /// Mobile split 70/30 over two channels, Unicom and Telecom one each, a
    /// block of Mobile's sent through Unicom, Hong Kong by calling code, and
    /// an aggregator behind all of them.
    static let carriers = RouteConfiguration(name: "carriers", rules: [
        rule(.carrier(.chinaMobile), tier(("cm-a", 70), ("cm-b", 30)), tier(("agg", 1))),
        rule(.carrier(.chinaUnicom), tier(("cu", 1)), tier(("agg", 1))),
        rule(.carrier(.chinaTelecom), tier(("ct", 1)), tier(("agg", 1))),
        rule(.prefix("86147"), tier(("cu", 1))),
        rule(.prefix("852"), tier(("hk", 1))),
        rule(.other, tier(("agg", 1))),
    ], refusals: [.status(403), .text("Not My Number")], location: here)

    @Test func numbersFindTheirLineByCarrierPrefixAndCallingCode() throws {
        let table = RouteTable(Self.carriers)
        #expect(table.order(for: "+8618612345678") == ["cu", "agg"])
        #expect(table.order(for: "+8613312345678") == ["ct", "agg"])
        #expect(table.order(for: "+8613492345678") == ["ct", "agg"], "1349 is Telecom's, inside Mobile's 134")
        #expect(table.order(for: "+8614712345678") == ["cu"], "a prefix line beats the carrier's block")
        #expect(table.order(for: "+85291234567") == ["hk"])
        #expect(table.order(for: "+8619212345678") == ["agg"], "China Broadcasting has no line here: other")
        #expect(table.order(for: "+12025550123") == ["agg"])
        let first = try #require(table.order(for: "+8613800138000").first)
        #expect(["cm-a", "cm-b"].contains(first))
        #expect(table.order(for: "+8613800138000").count == 3)

        let mainland = RouteConfiguration(name: "mainland", rules: [Self.rule(.prefix("86"), Self.tier(("agg", 1)))], location: Self.here)
        #expect(RouteTable(mainland).order(for: "+85291234567").isEmpty)
        let router = RouterUnderTest(routes: [mainland])
        #expect(router.choose(number: "+85291234567", route: "mainland", now: 0) == nil)
    }

    @Test func sharesFollowTheWeightsAndANumberKeepsItsShare() {
        let table = RouteTable(Self.carriers)
        var counts: [String: Int] = [:]
        let numbers = (0..<20_000).map { "+86138\(String(10_000_000 + $0 * 7_919))" }
        for number in numbers {
            let order = table.order(for: number)
            counts[order[0], default: 0] += 1
            #expect(order == table.order(for: number), "the same number, the same order")
            #expect(Set(order) == ["cm-a", "cm-b", "agg"] && order.last == "agg")
        }
        let share = Double(counts["cm-a", default: 0]) / Double(numbers.count)
        #expect((0.68...0.72).contains(share), "cm-a took \(share)")
        // A stable hash: the choice is the same in every process (no per-run seed).
        #expect(RouteTable.stableHash("+8613800138000") == RouteTable.stableHash("+8613800138000"))
    }

    @Test func aDeliveryFailsOverInOrderPastWhatItTried() throws {
        let router = RouterUnderTest(routes: [Self.carriers])
        let clock = TestClock()
        let number = "+8618612345678"
        #expect(router.choose(number: number, route: "carriers", now: clock.now)?.gateway == "cu")
        #expect(router.choose(number: number, route: "carriers", tried: ["cu"], now: clock.now)?.gateway == "agg")
        #expect(router.choose(number: number, route: "carriers", tried: ["cu", "agg"], now: clock.now) == nil)
        // A share's gateway fails over to its tier's other gateway before the next tier.
        let mobile = try #require((0..<100).map { "+8613800\(100_000 + $0)" }.first { RouteTable(Self.carriers).order(for: $0)[0] == "cm-b" })
        #expect(router.choose(number: mobile, route: "carriers", tried: ["cm-b"], now: clock.now)?.gateway == "cm-a")
        #expect(router.choose(number: mobile, route: "carriers", tried: ["cm-b", "cm-a"], now: clock.now)?.gateway == "agg")
    }

    @Test func aDownGatewayIsPassedOverAndWhenAllAreDownTheFirstIsTried() {
        let router = RouterUnderTest(routes: [Self.carriers])
        let clock = TestClock()
        let number = "+8618612345678"
        #expect(router.report(.refusedConnection, gateway: "cu", now: clock.now), "nothing listens: down at once")
        #expect(router.isDown("cu", now: clock.now))
        #expect(router.choose(number: number, route: "carriers", now: clock.now)?.gateway == "agg")
        for _ in 1..<GatewayCircuit.threshold { #expect(!router.report(.failed, gateway: "agg", now: clock.now)) }
        #expect(!router.isDown("agg", now: clock.now), "two 5xx in a row are not an outage yet")
        #expect(router.report(.failed, gateway: "agg", now: clock.now))
        #expect(router.choose(number: number, route: "carriers", now: clock.now) == Router.Choice(gateway: "cu", probe: false))
    }

    @Test func aRefusalAsNotMineMovesOnWithoutMarkingTheGatewayDown() {
        let router = RouterUnderTest(routes: [Self.carriers])
        let clock = TestClock()
        #expect(router.refuses(route: "carriers", status: 403, body: ""))
        #expect(router.refuses(route: "carriers", status: 200, body: "0: not my number (ported)"))
        #expect(!router.refuses(route: "carriers", status: 500, body: "busy"))
        for _ in 0..<10 { router.report(.answered, gateway: "cu", now: clock.now) }
        #expect(!router.isDown("cu", now: clock.now))
        #expect(router.choose(number: "+8618612345678", route: "carriers", tried: ["cu"], now: clock.now)?.gateway == "agg")
    }

    @Test func aRecoveredGatewayTakesOneProbeBeforeTrafficReturns() {
        let router = RouterUnderTest(routes: [Self.carriers])
        var clock = TestClock()
        let number = "+8618612345678"
        router.report(.refusedConnection, gateway: "cu", now: clock.now)
        clock.advance(by: GatewayCircuit.firstCooldown - 1)
        #expect(router.choose(number: number, route: "carriers", now: clock.now)?.gateway == "agg")
        clock.advance(by: 1)
        #expect(router.choose(number: number, route: "carriers", now: clock.now) == Router.Choice(gateway: "cu", probe: true))
        #expect(router.choose(number: number, route: "carriers", now: clock.now)?.gateway == "agg", "one probe at a time")
        // The probe fails: down again, for twice as long.
        router.report(.failed, gateway: "cu", now: clock.now)
        clock.advance(by: 2 * GatewayCircuit.firstCooldown - 1)
        #expect(router.choose(number: number, route: "carriers", now: clock.now)?.gateway == "agg")
        clock.advance(by: 1)
        #expect(router.choose(number: number, route: "carriers", now: clock.now) == Router.Choice(gateway: "cu", probe: true))
        // The probe is delivered: traffic returns, with no more probes.
        router.report(.delivered, gateway: "cu", now: clock.now)
        for _ in 0..<3 {
            #expect(router.choose(number: number, route: "carriers", now: clock.now) == Router.Choice(gateway: "cu", probe: false))
        }
    }

    @Test func cooldownsDoubleUpToTheCap() {
        var circuit = GatewayCircuit()
        var clock = TestClock()
        circuit.report(.refusedConnection, now: clock.now)
        var cooldown = GatewayCircuit.firstCooldown
        for _ in 0..<10 {
            clock.advance(by: cooldown)
            let admitted = circuit.admit(now: clock.now)
            #expect(admitted)
            circuit.report(.failed, now: clock.now)
            cooldown = min(cooldown * 2, GatewayCircuit.maxCooldown)
            #expect(circuit.state == .open(until: clock.now + cooldown, cooldown: cooldown))
        }
        #expect(cooldown == GatewayCircuit.maxCooldown)
    }
}

/// A `Router` behind a reference, so its mutating calls can sit inside `#expect`.
final class RouterUnderTest {
    var router: Router

    init(routes: [RouteConfiguration]) { router = Router(routes: routes) }

    func choose(number: String, route: String, tried: [String] = [], now: Double) -> Router.Choice? {
        router.choose(number: number, route: route, tried: tried, now: now)
    }

    @discardableResult
    func report(_ report: GatewayCircuit.Report, gateway: String, now: Double) -> Bool {
        router.report(report, gateway: gateway, now: now)
    }

    func isDown(_ gateway: String, now: Double) -> Bool { router.isDown(gateway, now: now) }

    func refuses(route: String, status: Int?, body: String) -> Bool { router.refuses(route: route, status: status, body: body) }
}
