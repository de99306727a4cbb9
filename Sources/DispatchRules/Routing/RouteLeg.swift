import DaemonConfig
import Delivery

/// Where a routed delivery is on its route: the route's name and its
/// "not my number" answers, and the gateways already tried for this lease (so
/// a failover never goes back to one). Carried by the `DeliveryAttempt`.
package struct RouteLeg: Sendable, Equatable {
    package var route: String
    package var refusals: [RouteConfiguration.Refusal]
    package var tried: [String] = []

    package init(route: String, refusals: [RouteConfiguration.Refusal], tried: [String] = []) {
        self.route = route
        self.refusals = refusals
        self.tried = tried
    }

    /// Whether an answer means "not my number".
    package func refuses(_ response: HTTPResponse) -> Bool {
        RouteTable.refuses(refusals, status: response.status, body: String(decoding: response.body, as: UTF8.self))
    }
}

extension GatewayCircuit.Report {
    /// What a transfer's end says about the gateway: refused or failed (5xx,
    /// timeout, reset) count against it; a throttle, a 4xx or a not-mine answer
    /// is an answer about the message, so the gateway works.
    package init(_ result: Result<HTTPResponse, TransportError>, verdict: Verdict) {
        switch (result, verdict) {
        case (_, .delivered): self = .delivered
        case (.failure(let error), _): self = error.kind == .connectionRefused ? .refusedConnection : .failed
        case (.success(let response), .retry) where response.status >= 500: self = .failed
        case (.success, _): self = .answered
        }
    }
}
