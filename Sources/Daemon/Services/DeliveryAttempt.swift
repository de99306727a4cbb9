import Delivery
import Outbox

/// One attempt at one leased delivery: build the dialect's request, send it
/// through libcurl, read the verdict, and decide with the retry policy what the
/// outbox records. Touches no shared state. The dispatcher uses the steps apart
/// (it starts a whole batch of requests at once); `run` does them in order.
struct DeliveryAttempt: Sendable {
    var lease: Lease
    var destination: Destination
    var campaignTitle: String
    var regionName: String
    var utcOffset: Int

    func run(transport: HTTPTransport, clock: some WallTimeClock) async -> DispatchCompletion {
        let startedAt = clock.now.timeIntervalSince1970
        switch request(now: startedAt) {
        case .failure(let refusal):
            return await conclude(refusal, startedAt: startedAt, endedAt: clock.now.timeIntervalSince1970)
        case .success(let request):
            let result: Result<HTTPResponse, TransportError>
            do {
                result = .success(try await transport.send(request, timeout: destination.timeout))
            } catch {
                if Task.isCancelled { return abandoned(startedAt: startedAt) }
                result = .failure(error)
            }
            let endedAt = clock.now.timeIntervalSince1970
            return await conclude(verdict(for: result, now: endedAt), startedAt: startedAt, endedAt: endedAt)
        }
    }

    /// The dialect's request; when it cannot build one (say, a template it cannot
    /// fill), the verdict, as no retry will change that. Its error names the
    /// field, never a secret.
    func request(now: Double) -> Result<HTTPRequest, AttemptVerdict> {
        do {
            return .success(try destination.request(for: message, now: now))
        } catch {
            return .failure(AttemptVerdict(verdict: .permanent(reason: "\(error)"), httpStatus: nil))
        }
    }

    /// What the transfer's result means, read by the dialect at `now`.
    func verdict(for result: Result<HTTPResponse, TransportError>, now: Double) -> AttemptVerdict {
        switch result {
        case .success(let response):
            return AttemptVerdict(verdict: destination.dialect.verdict(for: response, now: now), httpStatus: response.status)
        case .failure(let error):
            return AttemptVerdict(verdict: Verdict(error, timeout: destination.timeoutSeconds), httpStatus: nil)
        }
    }

    /// The outcome to record for `verdict`, after the retry policy; an
    /// unsubscribed answer also puts the number on the opt-out list.
    func conclude(_ verdict: AttemptVerdict, startedAt: Double, endedAt: Double) async -> DispatchCompletion {
        var random = SystemRandomNumberGenerator()
        let action = destination.retryPolicy.next(after: verdict.verdict, attemptsMade: lease.attempt,
                                                  firstAttemptAt: Double(lease.key.occurrence), now: endedAt, random: &random)
        let result: Outcome.Result
        switch (action, verdict.verdict) {
        case (.delivered, .delivered(let id)): result = .delivered(gatewayMessageID: id)
        case (.delivered, _): result = .delivered(gatewayMessageID: nil)
        case (.retry(let at), _): result = .retry(at: Int64(at.rounded(.up)), reason: verdict.verdict.reason)
        case (.giveUp, .unsubscribed):
            result = .skipped(.optedOut)
            await recordOptOut()
        case (.giveUp(let reason), _): result = .dead(reason: reason)
        }
        let outcome = Outcome(delivery: lease.id, result: result, at: Int64(endedAt), httpStatus: verdict.httpStatus,
                              latencyMilliseconds: Int64(((endedAt - startedAt) * 1000).rounded()))
        return DispatchCompletion(destination: destination.name, outcome: outcome, startedAt: startedAt,
                                  throttled: verdict.verdict.isThrottle)
    }

    /// Shutdown ended the transfer rather than the peer: nothing is recorded,
    /// and the lease is released for the next start to send.
    func abandoned(startedAt: Double) -> DispatchCompletion {
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
struct AttemptVerdict: Sendable, Error {
    var verdict: Verdict
    var httpStatus: Int?
}
