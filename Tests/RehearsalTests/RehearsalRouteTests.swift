import DaemonConfig
import Delivery
import LineLanguage
import Rehearsal
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
    }
}
