import Outbox

/// The operator's side of the seam (and the opt-outs, which the daemon's
/// report listener and opt-out files write too), each call one transaction.
extension SQLiteOutbox: OptOutOutbox, ControlOutbox, StatusOutbox {
    public func addOptOut(_ phone: String, source: String, now: Int64) throws -> Bool {
        try perform { try $0.addOptOut(phone, source: source, now: now) }
    }

    public func removeOptOut(_ phone: String) throws -> Bool {
        try perform { try $0.removeOptOut(phone) }
    }

    public func optOut(_ phone: String) throws -> OptOut? {
        try perform { try $0.optOut(phone) }
    }

    public func optOuts(limit: Int) throws -> [OptOut] {
        try perform { try $0.optOuts(limit: limit) }
    }

    public func optOutCount() throws -> Int64 {
        try perform { try $0.optOutCount() }
    }

    public func optOutCount(from source: String) throws -> Int64 {
        try perform { try $0.optOutCount(from: source) }
    }

    public func replaceOptOuts(from source: String, with phones: [String], now: Int64,
                               removing: Bool) throws -> (added: Int, removed: Int) {
        try perform { try $0.replaceOptOuts(from: source, with: phones, now: now, removing: removing) }
    }

    public func pause(campaign: String, message: String?, now: Int64) throws -> Bool {
        try perform { try $0.pause(campaign: campaign, message: message, now: now) }
    }

    public func resume(campaign: String, message: String?) throws -> Bool {
        try perform { try $0.resume(campaign: campaign, message: message) }
    }

    public func pause(_ pause: Pause, now: Int64) throws -> Bool {
        try perform { try $0.pause(pause, now: now) }
    }

    public func resume(_ pause: Pause) throws -> Int {
        try perform { try $0.resume(pause) }
    }

    public func pauses() throws -> [Pause] {
        try perform { try $0.pauses() }
    }

    public func cancel(_ filter: BroadcastFilter, reason: String) throws -> ControlChange {
        try perform { try $0.cancel(filter, reason: reason) }
    }

    public func retryDead(_ filter: BroadcastFilter, now: Int64) throws -> Int {
        try perform { try $0.retryDead(filter, now: now) }
    }

    public func retryWaiting(_ filter: BroadcastFilter, now: Int64) throws -> Int {
        try perform { try $0.retryWaiting(filter, now: now) }
    }

    public func restartList(_ filter: BroadcastFilter) throws -> (restarted: Int, refused: Int) {
        try perform { try $0.restartList(filter) }
    }

    public func controlScope(_ filter: BroadcastFilter) throws -> ControlScope {
        try perform { try $0.controlScope(filter) }
    }

    public func campaigns() throws -> [String] {
        try perform { try $0.campaigns() }
    }

    public func messages(campaign: String) throws -> [String] {
        try perform { try $0.messages(campaign: campaign) }
    }

    public func cancelAhead(_ cancels: [CancelAhead], now: Int64) throws -> Int {
        try perform { try $0.cancelAhead(cancels, now: now) }
    }

    public func cancelsAhead(campaign: String) throws -> [CancelAhead] {
        try perform { try $0.cancelsAhead(campaign: campaign) }
    }

    public func sendMissed(_ filter: BroadcastFilter, now: Int64) throws -> ControlChange {
        try perform { try $0.sendMissed(filter, now: now) }
    }

    public func recordControl(_ record: ControlRecord) throws {
        try perform { try $0.recordControl(record) }
    }

    public func controlRecords(limit: Int) throws -> [ControlRecord] {
        try perform { try $0.controlRecords(limit: limit) }
    }

    public func status(_ query: StatusQuery) throws -> OutboxSnapshot {
        try perform { try $0.snapshot(query) }
    }

    public func log(_ query: LogQuery) throws -> [LogEntry] {
        try perform { try $0.log(query) }
    }

    public func broadcastStatuses(_ filter: BroadcastFilter, limit: Int) throws -> [BroadcastStatus] {
        try perform { try $0.broadcastStatuses(filter, limit: limit) }
    }

    public func sendsBySlot(from: Int64, to: Int64) throws -> [SendSlot] {
        try perform { try $0.sendsBySlot(from: from, to: to) }
    }
}

extension OutboxConnection {
    /// Everything `status` shows inside one read transaction, so its figures add
    /// up even while the daemon commits; the snapshot is held only for the reads.
    func snapshot(_ query: StatusQuery) throws -> OutboxSnapshot {
        try database.read {
            let record = try daemonRecord()
            let now = query.now(record)
            func withClosed(_ status: OccurrenceStatus) throws -> OccurrenceSnapshot {
                guard query.closedCounts else { return OccurrenceSnapshot(status: status, closed: []) }
                let filter = BroadcastFilter(campaign: status.campaign, message: status.message, occurrence: status.occurrence)
                return OccurrenceSnapshot(status: status, closed: try closedCounts(filter))
            }
            let due = try occurrenceStatuses(BroadcastFilter(dueBefore: now + 1), limit: query.broadcasts).map(withClosed)
            let upcoming = try upcomingOccurrences(after: now, limit: query.upcoming).map(withClosed)
            guard !query.occurrencesOnly else {
                return OutboxSnapshot(now: now, daemon: record, recentAttempts: [], due: due, upcoming: upcoming,
                                      destinations: [], destinationCounts: [], pauses: try pauses(), recentFailures: [], held: [])
            }
            return OutboxSnapshot(
                now: now,
                daemon: record,
                recentAttempts: try recentAttempts(since: now - query.rateWindowSeconds + 1),
                due: due,
                upcoming: upcoming,
                destinations: try destinations(),
                destinationCounts: try destinationCounts(),
                pauses: try pauses(),
                recentFailures: try recentFailures(limit: query.failures),
                held: try heldBroadcasts(),
                failureGroups: try failureGroups())
        }
    }
}

/// The report listener's side: delivery reports against their SMS.
extension SQLiteOutbox: ReceiptOutbox {
    public func recordReceipt(_ receipt: HandsetReceipt) throws -> DeliveryKey? {
        try perform { try $0.recordReceipt(receipt) }
    }
}
