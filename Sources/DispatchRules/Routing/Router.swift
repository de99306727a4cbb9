import DaemonConfig

/// Picks the gateway for each SMS of a route, and the next one when it fails:
/// a pure value over an injected clock (every call takes `now`), owned by the
/// dispatch machine and by the rehearsal alike.
///
/// A number's order comes from its route (`RouteTable.order`); the router walks
/// it past the gateways already tried for this delivery and those whose circuit
/// is open (`GatewayCircuit`). A half-open gateway takes one delivery as its
/// probe. When every untried gateway is down the first untried one is used all
/// the same: the attempt fails and the retry policy's backoff applies, as it
/// would without routes.
package struct Router: Sendable {
    /// Where a delivery goes next.
    package struct Choice: Sendable, Equatable {
        package var gateway: String
        /// This delivery is a half-open gateway's probe.
        package var probe: Bool
    }

    package private(set) var tables: [String: RouteTable]
    package private(set) var circuits: [String: GatewayCircuit] = [:]

    package init(routes: [RouteConfiguration]) {
        tables = Dictionary(routes.map { ($0.name, RouteTable($0)) }, uniquingKeysWith: { first, _ in first })
    }

    package func isRoute(_ name: String) -> Bool { tables[name] != nil }

    /// The gateways a route may send through, each once.
    package func gateways(of route: String) -> [String] {
        tables[route]?.gatewayNames ?? []
    }

    /// The gateway to try for `number` on `route`, after those in `tried`; nil
    /// when the route has no line for the number or every gateway was tried.
    package mutating func choose(number: String, route: String, tried: [String] = [], now: Double) -> Choice? {
        guard let table = tables[route] else { return nil }
        let untried = table.order(for: number).filter { !tried.contains($0) }
        for gateway in untried {
            let wasHalfOpen = circuits[gateway].map { if case .closed = $0.state { false } else { true } } ?? false
            if circuits[gateway, default: GatewayCircuit()].admit(now: now) {
                return Choice(gateway: gateway, probe: wasHalfOpen)
            }
        }
        return untried.first.map { Choice(gateway: $0, probe: false) }
    }

    /// Every gateway takes traffic and keeps doing so until an attempt says otherwise.
    package var allClosed: Bool {
        circuits.values.allSatisfy { if case .closed = $0.state { true } else { false } }
    }

    /// Whether `gateway` takes no traffic at `now`.
    package func isDown(_ gateway: String, now: Double) -> Bool {
        circuits[gateway]?.isDown(now: now) ?? false
    }

    /// An attempt through `gateway` ended; true when this opened its circuit.
    @discardableResult
    package mutating func report(_ report: GatewayCircuit.Report, gateway: String, now: Double) -> Bool {
        circuits[gateway, default: GatewayCircuit()].report(report, now: now)
    }

    /// Whether the answer means "not my number" on `route`.
    package func refuses(route: String, status: Int?, body: String) -> Bool {
        tables[route]?.refuses(status: status, body: body) ?? false
    }
}
