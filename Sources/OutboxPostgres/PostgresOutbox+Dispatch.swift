import Outbox

/// The dispatcher's side of the seam, each call one transaction.
extension PostgresOutbox: DispatchOutbox {
    public func dueDestinations(now: Int64) async throws -> [String] {
        try await single { try await $0.dueDestinations(now: now) }
    }

    public func nextDueTime() async throws -> Int64? {
        try await single { try await $0.nextDueTime() }
    }

    public func recordAndLease(_ outcomes: [Outcome], _ request: LeaseRequest) async throws -> RecordAndLease {
        try await perform { work in
            // The shared rate first (see OutboxTransaction+SharedRate): the lease takes no more than it has.
            let hold = try await work.holdSharedRate(request)
            let recorded = outcomes.isEmpty ? nil : try await work.record(outcomes, owner: request.owner)
            var limited = request
            limited.limit = min(request.limit, hold?.available ?? request.limit)
            var batch = try await work.leaseBatch(limited)
            if let hold {
                try await work.spend(hold, leased: batch.leases.count)
                batch.sharedRateWait = hold.wait(asked: request.limit, leased: batch.leases.count)
            }
            return RecordAndLease(recorded: recorded, batch: batch)
        }
    }

    public func record(_ outcomes: [Outcome], owner: String) async throws -> RecordSummary {
        try await perform { try await $0.record(outcomes, owner: owner) }
    }

    public func releaseLeases(owner: String) async throws -> Int {
        try await perform { try await $0.releaseLeases(owner: owner) }
    }

    public func publishRates(_ rates: [DestinationRate], now: Int64) async throws {
        try await perform { work in
            for rate in rates {
                try await work.updateDestination(name: rate.name, channel: rate.channel, ratePerSecond: rate.perSecond, now: now)
            }
            try await work.markUnserved(except: rates.map(\.name), now: now)
        }
    }
}
