@testable import Daemon
@testable import Outbox
import Synchronization

/// The dispatcher's side of the outbox in memory: deliveries due at an
/// instant, leased to one owner, recorded once. Enough of the contract for the
/// machine and the service to be tested without SQLite; failures and skips on
/// demand. Each call is one unit of work, as `DispatchOutbox` promises.
final class InMemoryDispatchOutbox: DispatchOutbox {
    struct Delivery {
        var id: Int64
        var destination: String
        var campaign: String
        var recipient: String
        var due: Int64
        var attempt = 0
        var leasedBy: String?
        var result: Outcome.Result?
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String { "disk I/O error (simulated): free space in the state folder" }
    }

    private struct State {
        var deliveries: [Delivery] = []
        var recorded: [Outcome] = []
        var rates: [DestinationRate] = []
        var failNext = 0
        /// Calls of `failing` to let through before `failNext` counts; nil: any call counts.
        var failing: (call: String, after: Int)?
        var skipNext = 0
        /// Stands for other instances sharing the gateway's rate: each lease takes at most `allow`, then waits `wait` s.
        var sharedRate: (allow: Int, wait: Double)?
        var sharedRatesAsked: [[SharedRateBucket]] = []
        var calls: [String] = []
    }

    private let state = Mutex(State())

    /// Adds `count` deliveries to `destination` for `campaign`, due at `due`.
    func add(_ count: Int, destination: String = "sim", campaign: String = "drill", due: Int64) {
        state.withLock { state in
            for _ in 0..<count {
                let id = Int64(state.deliveries.count + 1)
                state.deliveries.append(Delivery(id: id, destination: destination, campaign: campaign,
                                                 recipient: String(format: "+86170%08d", id), due: due))
            }
        }
    }

    /// The next `count` calls fail as a full disk would; with `call`, only
    /// calls of that name, after letting `after` of them through.
    func failNext(_ count: Int, call: String? = nil, after: Int = 0) {
        state.withLock { state in
            state.failNext = count
            state.failing = call.map { ($0, after) }
        }
    }

    /// The next lease skips `count` due deliveries (capped) instead of leasing them.
    func skipNext(_ count: Int) { state.withLock { $0.skipNext = count } }

    /// Each lease from now takes at most `allow` and answers that the shared rate wants `wait` seconds.
    func shareRate(allow: Int, wait: Double) { state.withLock { $0.sharedRate = (allow, wait) } }

    /// The shared rate each lease asked for, in order.
    var sharedRatesAsked: [[SharedRateBucket]] { state.withLock { $0.sharedRatesAsked } }

    var recorded: [Outcome] { state.withLock { $0.recorded } }
    var leased: Int { state.withLock { $0.deliveries.filter { $0.leasedBy != nil }.count } }
    var waiting: Int { state.withLock { $0.deliveries.filter { $0.leasedBy == nil && $0.result == nil }.count } }
    var publishedRates: [DestinationRate] { state.withLock { $0.rates } }
    var calls: [String] { state.withLock { $0.calls } }

    func dueDestinations(now: Int64) throws -> [String] {
        try state.withLock { state in
            try Self.call("due", &state)
            return Set(state.deliveries.filter { Self.isDue($0, now: now) }.map(\.destination)).sorted()
        }
    }

    func nextDueTime() throws -> Int64? {
        try state.withLock { state in
            try Self.call("next", &state)
            return state.deliveries.filter { $0.leasedBy == nil && $0.result == nil }.map(\.due).min()
        }
    }

    func recordAndLease(_ outcomes: [Outcome], _ request: LeaseRequest) throws -> RecordAndLease {
        try state.withLock { state in
            try Self.call("lease", &state)
            let summary = outcomes.isEmpty ? nil : Self.record(outcomes, owner: request.owner, in: &state)
            var leases: [Lease] = []
            var skipped = 0
            state.sharedRatesAsked.append(request.sharedRate)
            let limit = min(request.limit, state.sharedRate?.allow ?? request.limit)
            for index in state.deliveries.indices where leases.count < limit {
                var delivery = state.deliveries[index]
                guard Self.isDue(delivery, now: request.dueLimit), delivery.destination == request.destination,
                      delivery.campaign == request.campaign else { continue }
                if state.skipNext > 0 {
                    state.skipNext -= 1
                    skipped += 1
                    delivery.result = .skipped(.capped)
                } else {
                    delivery.attempt += 1
                    delivery.leasedBy = request.owner
                    leases.append(Lease(id: delivery.id, broadcastID: 1,
                                        key: DeliveryKey(campaign: delivery.campaign, message: "broadcast", occurrence: delivery.due,
                                                         region: "test", channel: "sms", recipient: delivery.recipient),
                                        destination: delivery.destination, text: "反诈演练", attempt: delivery.attempt,
                                        expires: request.now + request.leaseSeconds, due: delivery.due))
                }
                state.deliveries[index] = delivery
            }
            let wait = state.sharedRate.flatMap { limit < request.limit ? $0.wait : nil }
            return RecordAndLease(recorded: summary, batch: LeaseBatch(leases: leases, skipped: skipped, sharedRateWait: wait))
        }
    }

    func record(_ outcomes: [Outcome], owner: String) throws -> RecordSummary {
        try state.withLock { state in
            try Self.call("record", &state)
            return Self.record(outcomes, owner: owner, in: &state)
        }
    }

    func releaseLeases(owner: String) throws -> Int {
        try state.withLock { state in
            try Self.call("release", &state)
            var released = 0
            for index in state.deliveries.indices where state.deliveries[index].leasedBy == owner {
                state.deliveries[index].leasedBy = nil
                released += 1
            }
            return released
        }
    }

    func publishRates(_ rates: [DestinationRate], now: Int64) throws {
        try state.withLock { state in
            try Self.call("rates", &state)
            state.rates = rates
        }
    }

    private static func call(_ name: String, _ state: inout State) throws {
        state.calls.append(name)
        if let failing = state.failing {
            guard failing.call == name else { return }
            if failing.after > 0 {
                state.failing?.after -= 1
                return
            }
        }
        guard state.failNext > 0 else { return }
        state.failNext -= 1
        throw Failure()
    }

    private static func isDue(_ delivery: Delivery, now: Int64) -> Bool {
        delivery.leasedBy == nil && delivery.result == nil && delivery.due <= now
    }

    private static func record(_ outcomes: [Outcome], owner: String, in state: inout State) -> RecordSummary {
        var summary = RecordSummary()
        for outcome in outcomes {
            guard let index = state.deliveries.firstIndex(where: { $0.id == outcome.delivery }),
                  state.deliveries[index].leasedBy == owner else {
                summary.refused.append(outcome.delivery)
                continue
            }
            state.deliveries[index].leasedBy = nil
            if case .retry(let at, _) = outcome.result {
                state.deliveries[index].due = at
            } else {
                state.deliveries[index].result = outcome.result
            }
            state.recorded.append(outcome)
            summary.applied += 1
        }
        return summary
    }
}
