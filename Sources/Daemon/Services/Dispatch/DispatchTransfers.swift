import DispatchRules
import Delivery

/// The dispatcher's side of the transport: starts the machine's attempts in
/// one hand-off per batch, keeps which transfer belongs to which attempt, and
/// turns the transfers' ends into completions for the machine. Owned by the
/// loop's task alone.
struct DispatchTransfers {
    private struct Running {
        var attempt: DeliveryAttempt
        var startedAt: Double
    }

    private let transport: HTTPTransport
    private let clock: any WallTimeClock
    private let wake: WakeSignal
    private let completions = DispatchCompletions()
    private var running: [HTTPTransport.TransferID: Running] = [:]
    /// Attempts that ended before a transfer (the dialect could not build the request).
    private var refused: [(attempt: DeliveryAttempt, verdict: AttemptVerdict, startedAt: Double)] = []
    /// Set once shutdown cancelled the transfers still running: an end that is not an answer records nothing.
    private var abandoning = false

    init(transport: HTTPTransport, clock: any WallTimeClock, wake: WakeSignal) {
        self.transport = transport
        self.clock = clock
        self.wake = wake
    }

    /// Builds each attempt's request and hands them all to the transport at once;
    /// their ends come back through `completions`, read by `settle`, and wake
    /// the loop once enough of them have finished.
    mutating func start(_ attempts: [DeliveryAttempt], destination: Destination, at now: Double) {
        var requests: [HTTPRequest] = []
        var sent: [DeliveryAttempt] = []
        requests.reserveCapacity(attempts.count)
        sent.reserveCapacity(attempts.count)
        for attempt in attempts {
            switch attempt.request(now: now) {
            case .success(let request):
                requests.append(request)
                sent.append(attempt)
            case .failure(let verdict):
                refused.append((attempt, verdict, now))
                wake.signal()
            }
        }
        guard !requests.isEmpty else { return }
        let name = destination.name
        let (completions, wake, clock) = (completions, wake, clock)
        completions.started(name, count: requests.count)
        let transfers = transport.start(requests, timeout: destination.timeout) { transfer, result in
            let end = TransferEnd(transfer: transfer, result: result, endedAt: clock.now.timeIntervalSince1970)
            if completions.push(end, destination: name) { wake.signal() }
        }
        for (transfer, attempt) in zip(transfers, sent) {
            running[transfer] = Running(attempt: attempt, startedAt: now)
        }
    }

    /// Ends every transfer still running; from now on an end that is not an answer records nothing.
    mutating func cancelAll() {
        abandoning = true
        transport.cancel(Array(running.keys))
    }

    /// Reads the verdicts of what finished since the last call, and concludes
    /// them with the retry policy.
    mutating func settle(now: Double) async -> [DispatchCompletion] {
        let ends = completions.drain()
        guard !ends.isEmpty || !refused.isEmpty else { return [] }
        var concluded: [DispatchCompletion] = []
        concluded.reserveCapacity(ends.count + refused.count)
        for end in ends {
            guard let ran = running.removeValue(forKey: end.transfer) else { continue }
            let attempt = ran.attempt
            var completion: DispatchCompletion
            if abandoning, case .failure = end.result {
                completion = attempt.abandoned(startedAt: ran.startedAt)
            } else {
                completion = await attempt.conclude(attempt.verdict(for: end.result, now: end.endedAt),
                                                    startedAt: ran.startedAt, endedAt: end.endedAt)
            }
            if case .failure(let error) = end.result, error.tlsProblem != nil {
                let destination = attempt.destination
                completion.warning = "\(destination.kind.rawValue) '\(destination.name)': \(error)"
            }
            concluded.append(completion)
        }
        for refusal in refused {
            concluded.append(await refusal.attempt.conclude(refusal.verdict, startedAt: refusal.startedAt, endedAt: now))
        }
        refused.removeAll()
        return concluded
    }
}
