import Outbox

/// One finished attempt, concluded by the dispatch loop.
package struct DispatchCompletion: Sendable {
    package var destination: String
    /// nil when shutdown ended the transfer rather than the peer: nothing is
    /// recorded, and the lease is released for the next start to send.
    package var outcome: Outcome?
    package var startedAt: Double
    package var throttled: Bool
    /// A problem to log once per distinct text (a TLS failure: curl's detail and the hint, which `status` leaves out).
    package var warning: String?
    /// For a delivery sent through a route: the attempt (to send again through
    /// the next gateway) and what its end says about the gateway.
    package var routed: RoutedEnd?

    package init(destination: String, outcome: Outcome?, startedAt: Double, throttled: Bool, warning: String? = nil) {
        self.destination = destination
        self.outcome = outcome
        self.startedAt = startedAt
        self.throttled = throttled
        self.warning = warning
    }
}

/// A routed attempt's end, as the dispatch machine's failover reads it.
package struct RoutedEnd: Sendable {
    package var attempt: DeliveryAttempt
    package var report: GatewayCircuit.Report
    package var notMine: Bool
}
