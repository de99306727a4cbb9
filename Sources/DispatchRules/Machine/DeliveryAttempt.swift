import Delivery
import Outbox

/// One attempt at one leased delivery: build the dialect's request, send it
/// through libcurl, read the verdict, and decide with the retry policy what the
/// outbox records. Touches no shared state. The dispatcher uses the steps apart
/// (it starts a whole batch of requests at once); `run` (in the daemon) does them
/// in order, and the rehearsal concludes simulated verdicts with `outcome`.
package struct DeliveryAttempt: Sendable {
    package var lease: Lease
    package var destination: Destination
    package var campaignTitle: String
    package var regionName: String
    package var utcOffset: Int
    /// Set when the delivery goes through a route: its failover state.
    package var leg: RouteLeg? = nil

    /// The dialect's request; when it cannot build one (say, a template it cannot
    /// fill), the verdict, as no retry will change that. Its error names the
    /// field, never a secret.
    package func request(now: Double) -> Result<HTTPRequest, AttemptVerdict> {
        do {
            return .success(try destination.request(for: message, now: now))
        } catch {
            return .failure(AttemptVerdict(verdict: .permanent(reason: "\(error)"), httpStatus: nil))
        }
    }

    /// What the transfer's result means, read by the dialect at `now`.
    package func verdict(for result: Result<HTTPResponse, TransportError>, now: Double) -> AttemptVerdict {
        var verdict: AttemptVerdict
        switch result {
        case .success(let response):
            verdict = AttemptVerdict(verdict: destination.dialect.verdict(for: response, now: now), httpStatus: response.status)
            if let leg, leg.refuses(response) {
                // Not this gateway's number (a ported one): the route tries its next gateway.
                verdict.verdict = .retry(reason: "not mine: \(destination.name) http \(response.status)", after: nil)
                verdict.notMine = true
            }
        case .failure(let error):
            verdict = AttemptVerdict(verdict: Verdict(error, timeout: destination.timeoutSeconds), httpStatus: nil)
        }
        verdict.report = verdict.notMine ? .answered : GatewayCircuit.Report(result, verdict: verdict.verdict)
        return verdict
    }

    /// The outcome to record for `verdict`, after the retry policy; an
    /// unsubscribed answer also puts the number on the opt-out list.
    package func conclude(_ verdict: AttemptVerdict, startedAt: Double, endedAt: Double) async -> DispatchCompletion {
        var random = SystemRandomNumberGenerator()
        let completion = concluded(verdict, startedAt: startedAt, endedAt: endedAt, random: &random)
        if case .skipped(.optedOut)? = completion.outcome?.result { await recordOptOut() }
        return completion
    }

    /// The outcome for `verdict` after the retry policy, with no side effect:
    /// the rehearsal concludes its simulated answers here, with a seeded `random`.
    package func concluded(_ verdict: AttemptVerdict, startedAt: Double, endedAt: Double,
                           random: inout some RandomNumberGenerator) -> DispatchCompletion {
        let action = destination.retryPolicy.next(after: verdict.verdict, attemptsMade: lease.attempt,
                                                  firstAttemptAt: Double(lease.key.occurrence), now: endedAt, random: &random)
        let result: Outcome.Result
        switch (action, verdict.verdict) {
        case (.delivered, .delivered(let id)): result = .delivered(gatewayMessageID: id)
        case (.delivered, _): result = .delivered(gatewayMessageID: nil)
        case (.retry(let at), _): result = .retry(at: Int64(at.rounded(.up)), reason: verdict.verdict.reason)
        case (.giveUp, .unsubscribed): result = .skipped(.optedOut)
        case (.giveUp(let reason), _): result = .dead(reason: reason)
        }
        let outcome = Outcome(delivery: lease.id, result: result, at: Int64(endedAt), httpStatus: verdict.httpStatus,
                              latencyMilliseconds: Int64(((endedAt - startedAt) * 1000).rounded()),
                              gateway: leg == nil ? nil : destination.name, failedOverFrom: leg?.tried ?? [])
        var completion = DispatchCompletion(destination: destination.name, outcome: outcome, startedAt: startedAt,
                                            throttled: verdict.verdict.isThrottle)
        if leg != nil { completion.routed = RoutedEnd(attempt: self, report: verdict.report, notMine: verdict.notMine) }
        return completion
    }

    /// Shutdown ended the transfer rather than the peer: nothing is recorded,
    /// and the lease is released for the next start to send.
    package func abandoned(startedAt: Double) -> DispatchCompletion {
        DispatchCompletion(destination: destination.name, outcome: nil, startedAt: startedAt, throttled: false)
    }

    /// The gateway said the recipient unsubscribed: later broadcasts skip them too.
    private func recordOptOut() async {
        guard lease.key.channel == "sms", let optOuts = destination.optOuts else { return }
        await optOuts.record(lease.key.recipient, source: OptOut.reportSource)
    }

    private var message: OutgoingMessage {
        let key = lease.key
        let deliveryID = destination.dialect.sendsDeliveryID ? DeliveryID.make(idempotencyKey: key.idempotencyText) : ""
        return OutgoingMessage(
            deliveryID: deliveryID, campaignName: key.campaign,
            campaignTitle: campaignTitle, messageName: key.message, occurrence: key.occurrence, utcOffset: utcOffset,
            regionPath: key.region, regionName: regionName, channel: key.channel, text: lease.text,
            recipient: key.channel == "sms" ? key.recipient : nil)
    }
}

/// A dialect's verdict on one attempt, with the HTTP status it read it from.
package struct AttemptVerdict: Sendable, Error {
    package var verdict: Verdict
    package var httpStatus: Int?
    /// What the attempt says about the gateway, for a route's circuit breaker.
    package var report: GatewayCircuit.Report = .answered
    /// A route's "not my number" answer.
    package var notMine = false

    package init(verdict: Verdict, httpStatus: Int?) {
        self.verdict = verdict
        self.httpStatus = httpStatus
    }
}
