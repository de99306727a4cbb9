import DaemonConfig
import Delivery
import LineLanguage
@testable import Rehearsal
import Testing

/// A route in the rehearsal: the daemon's router spreads the list over the
/// route's gateways, so their capacities add up, and each gateway's day shows
/// what it carried.
struct RehearsalRouteTests {
    @Test func aRouteOfTwoGatewaysCarriesTheirSumAndEachKeepsItsRate() throws {
        let here = SourceLocation(file: "broadcastd.conf", line: 1, column: 1)
        // The campaign's `sms-gateway sim` names the route; its gateways share the numbers equally.
        let route = RouteConfiguration(name: "sim", rules: [
            .init(match: .other, tiers: [[.init(gateway: "a", weight: 1, location: here), .init(gateway: "b", weight: 1, location: here)]],
                  location: here),
        ], location: here)
        var destinations: [String: Destination] = [:]
        for name in ["a", "b"] {
            var gateway = try #require(RehearsalFixture.gateway(perSecond: 10)["sim"])
            gateway.name = name
            destinations[name] = gateway
        }
        let rehearsal = try RehearsalFixture.withCampaign(people: 2000, messages: [("launch", "2021-03-01 10:00")]) {
            Rehearsal.run([$0], destinations: destinations, routes: [route])
        }
        let row = try #require(rehearsal.rows.first)
        #expect(rehearsal.finished)
        #expect(row.destination == "sim" && row.sent == 2000)
        #expect(row.capacity == 20, "the route's capacity is its gateways' together")
        // 2,000 at 20/s together: about 100 s (a share may run a little ahead of the other).
        let seconds = try #require(row.lastSend) - RehearsalFixture.tenAM
        #expect((95...115).contains(seconds), "finished after \(seconds) s")
        let carried = rehearsal.days.filter { ["a", "b"].contains($0.destination) }.map(\.sends)
        #expect(carried.count == 2 && carried.allSatisfy { (900...1100).contains($0) }, "\(carried)")
        // The row keeps what each gateway delivered, for the route's cost at their prices.
        #expect(row.sentByGateway.values.reduce(0, +) == 2000)
        #expect(Set(row.sentByGateway.keys) == ["a", "b"] && row.sentByGateway.values.allSatisfy { (900...1100).contains($0) })
    }

    @Test func scaledUpTheGatewaysSharesAddUpToTheSent() {
        #expect(RehearsalScenario.shares(of: 1000, like: ["a": 1, "b": 2], total: 3) == ["a": 333, "b": 667])
        #expect(RehearsalScenario.shares(of: 10, like: ["a": 5, "b": 5], total: 10) == ["a": 5, "b": 5])
        #expect(RehearsalScenario.shares(of: 7, like: [:], total: 0).isEmpty)
    }

    /// People without numbers still take a carrier route's lines: each gets a stand-in
    /// number on a line in proportion to its gateway's rate, so every gateway works and
    /// the route carries its gateways' sum, not only its `other` line's.
    @Test func aCarrierRouteSpreadsPeopleOverItsLinesByTheirGatewaysRates() throws {
        let here = SourceLocation(file: "broadcastd.conf", line: 1, column: 1)
        func line(_ match: RouteConfiguration.Match, _ gateway: String) -> RouteConfiguration.Rule {
            .init(match: match, tiers: [[.init(gateway: gateway, weight: 1, location: here)]], location: here)
        }
        let route = RouteConfiguration(name: "sim", rules: [line(.carrier(.chinaMobile), "cm"), line(.carrier(.chinaUnicom), "cu"),
                                                             line(.other, "agg")], location: here)
        var destinations: [String: Destination] = [:]
        for (name, perSecond) in [("cm", 20.0), ("cu", 10.0), ("agg", 10.0)] {
            var gateway = try #require(RehearsalFixture.gateway(perSecond: perSecond)["sim"])
            gateway.name = name
            destinations[name] = gateway
        }
        let rehearsal = try RehearsalFixture.withCampaign(people: 4000, messages: [("launch", "2021-03-01 10:00")]) {
            Rehearsal.run([$0], destinations: destinations, routes: [route])
        }
        let row = try #require(rehearsal.rows.first)
        #expect(rehearsal.finished && row.sent == 4000)
        #expect(row.capacity == 40)
        // 4,000 at 40/s together: about 100 s; through the `other` line alone it would take 400 s.
        let seconds = try #require(row.lastSend) - RehearsalFixture.tenAM
        #expect((95...120).contains(seconds), "finished after \(seconds) s")
        let carried = Dictionary(rehearsal.days.map { ($0.destination, $0.sends) }) { $0 + $1 }
        #expect((1900...2100).contains(carried["cm"] ?? 0) && (900...1100).contains(carried["cu"] ?? 0)
                && (900...1100).contains(carried["agg"] ?? 0), "\(carried)")
    }

    @Test func standInNumbersFallInTheirLinesBlocks() throws {
        let here = SourceLocation(file: "broadcastd.conf", line: 1, column: 1)
        let route = RouteConfiguration(name: "r", rules: [
            .init(match: .carrier(.chinaTelecom), tiers: [[.init(gateway: "ct", weight: 1, location: here)]], location: here),
            .init(match: .prefix("852"), tiers: [[.init(gateway: "hk", weight: 1, location: here)]], location: here),
        ], location: here)
        let numbers = try #require(StandInNumbers(route: route) { _ in 10 })
        // Equal weights: two people in a row take both lines, whichever the region starts with.
        let pair = [numbers.number(person: 0, region: "x"), numbers.number(person: 1, region: "x")]
        #expect(Set(pair.map { $0.hasPrefix("+86133") }) == [true, false], "\(pair)")
        #expect(pair.contains("+8613300000000") || pair.contains("+8613300000001"), "\(pair)")
        #expect(pair.contains("+852000000000") || pair.contains("+852000000001"), "\(pair)")
        #expect(numbers.number(person: 123_456_789_012, region: "x").count >= 13)
        let telecom = (0..<10).map { numbers.number(person: $0, region: "y") }.filter { $0.hasPrefix("+86") }
        #expect(telecom.count == 5 && telecom.allSatisfy { Carrier.of($0) == .chinaTelecom && $0.count == 14 }, "\(telecom)")
    }
}
