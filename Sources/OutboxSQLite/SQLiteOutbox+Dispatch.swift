import Outbox

/// The dispatcher's side of the seam.
extension SQLiteOutbox: DispatchOutbox {
    public func dueDestinations(now: Int64) throws -> [String] {
        try perform { try $0.dueDestinations(now: now) }
    }

    public func nextDueTime() throws -> Int64? {
        try perform { try $0.nextDueTime() }
    }

    /// `request.sharedRate` is not read: a SQLite outbox serves one instance,
    /// whose own limiter already holds the destination's rate.
    public func recordAndLease(_ outcomes: [Outcome], _ request: LeaseRequest) throws -> RecordAndLease {
        try perform { outbox in
            try outbox.database.transaction {
                RecordAndLease(
                    recorded: outcomes.isEmpty ? nil : try outbox.record(outcomes, owner: request.owner),
                    batch: try outbox.leaseBatch(now: request.now, limit: request.limit, owner: request.owner,
                                                 leaseSeconds: request.leaseSeconds, destination: request.destination,
                                                 campaign: request.campaign, source: request.source, caps: request.caps,
                                                 dueBy: request.dueBy))
            }
        }
    }

    public func record(_ outcomes: [Outcome], owner: String) throws -> RecordSummary {
        try perform { try $0.record(outcomes, owner: owner) }
    }

    public func releaseLeases(owner: String) throws -> Int {
        try perform { try $0.releaseLeases(owner: owner) }
    }

    public func publishRates(_ rates: [DestinationRate], now: Int64) throws {
        try perform { outbox in
            try outbox.database.transaction {
                for rate in rates {
                    try outbox.updateDestination(name: rate.name, channel: rate.channel, ratePerSecond: rate.perSecond,
                                                 errorRate: nil, now: now)
                }
                try outbox.markUnserved(except: rates.map(\.name), now: now)
            }
        }
    }
}
