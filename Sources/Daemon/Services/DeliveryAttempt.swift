import Delivery
import Outbox

/// One attempt at one leased delivery: build the dialect's request, send it
/// through libcurl, read the verdict, and decide with the retry policy what the
/// outbox records. Runs in its own task; touches no shared state.
struct DeliveryAttempt: Sendable {
    var lease: Lease
    var destination: Destination
    var campaignTitle: String
    var regionName: String
    var utcOffset: Int

    func run(transport: HTTPTransport, clock: WallClock) async -> DispatchCompletion {
        let startedAt = clock.now
        var status: Int?
        let verdict: Verdict
        do {
            let request = try destination.dialect.request(for: message, now: startedAt)
            do {
                let response = try await transport.send(request, timeout: destination.timeout)
                status = response.status
                verdict = destination.dialect.verdict(for: response, now: clock.now)
            } catch {
                if Task.isCancelled {
                    return DispatchCompletion(destination: destination.name, outcome: nil, startedAt: startedAt, throttled: false)
                }
                verdict = Verdict(error, timeout: destination.timeoutSeconds)
            }
        } catch {
            // The dialect refused to build the request (say, a template it cannot fill):
            // no retry will change that. Its error names the field, never a secret.
            verdict = .permanent(reason: "\(error)")
        }
        let endedAt = clock.now
        var random = SystemRandomNumberGenerator()
        let action = destination.retryPolicy.next(after: verdict, attemptsMade: lease.attempt,
                                                  firstAttemptAt: Double(lease.key.occurrence), now: endedAt, random: &random)
        let result: Outcome.Result
        switch (action, verdict) {
        case (.delivered, .delivered(let id)): result = .delivered(gatewayMessageID: id)
        case (.delivered, _): result = .delivered(gatewayMessageID: nil)
        case (.retry(let at), _): result = .retry(at: Int64(at.rounded(.up)), reason: verdict.reason)
        case (.giveUp, .unsubscribed):
            result = .skipped(.optedOut)
            await recordOptOut()
        case (.giveUp(let reason), _): result = .dead(reason: reason)
        }
        let outcome = Outcome(delivery: lease.id, result: result, at: Int64(endedAt), httpStatus: status,
                              latencyMilliseconds: Int64(((endedAt - startedAt) * 1000).rounded()))
        return DispatchCompletion(destination: destination.name, outcome: outcome, startedAt: startedAt,
                                  throttled: verdict.isThrottle)
    }

    /// The gateway said the recipient unsubscribed: later broadcasts skip them too.
    private func recordOptOut() async {
        guard lease.key.channel == "sms", let optOuts = destination.optOuts else { return }
        await optOuts.record(lease.key.recipient, source: OptOut.reportSource)
    }

    private var message: OutgoingMessage {
        let key = lease.key
        return OutgoingMessage(
            deliveryID: DeliveryID.make(idempotencyKey: key.idempotencyText), campaignName: key.campaign,
            campaignTitle: campaignTitle, messageName: key.message, occurrence: key.occurrence, utcOffset: utcOffset,
            regionPath: key.region, regionName: regionName, channel: key.channel, text: lease.text,
            recipient: key.channel == "sms" ? key.recipient : nil)
    }
}
