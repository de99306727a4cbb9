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

    package init(destination: String, outcome: Outcome?, startedAt: Double, throttled: Bool, warning: String? = nil) {
        self.destination = destination
        self.outcome = outcome
        self.startedAt = startedAt
        self.throttled = throttled
        self.warning = warning
    }
}
