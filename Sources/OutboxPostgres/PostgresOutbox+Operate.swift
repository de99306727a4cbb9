import Outbox

/// The operator's side of the seam (and the opt-outs, which the daemon writes
/// too), each call one transaction; the read side in one snapshot.
extension PostgresOutbox: OptOutOutbox, ControlOutbox, StatusOutbox, ReceiptOutbox {
    public func recordReceipt(_ receipt: HandsetReceipt) async throws -> DeliveryKey? {
        try await perform { try await $0.recordReceipt(receipt) }
    }

    public func addOptOut(_ phone: String, source: String, now: Int64) async throws -> Bool {
        try await perform { try await $0.addOptOut(phone, source: source, now: now) }
    }

    public func removeOptOut(_ phone: String) async throws -> Bool {
        try await perform { try await $0.removeOptOut(phone) }
    }

    public func optOut(_ phone: String) async throws -> OptOut? {
        try await read { try await $0.optOut(phone) }
    }

    public func optOuts(limit: Int) async throws -> [OptOut] {
        try await read { try await $0.optOuts(limit: limit) }
    }

    public func optOutCount() async throws -> Int64 {
        try await read { try await $0.optOutCount(from: nil) }
    }

    public func optOutCount(from source: String) async throws -> Int64 {
        try await read { try await $0.optOutCount(from: source) }
    }

    public func replaceOptOuts(from source: String, with phones: [String], now: Int64,
                               removing: Bool) async throws -> (added: Int, removed: Int) {
        try await perform { try await $0.replaceOptOuts(from: source, with: phones, now: now, removing: removing) }
    }

    public func pause(campaign: String, message: String?, now: Int64) async throws -> Bool {
        try await perform { try await $0.pause(campaign: campaign, message: message, now: now) }
    }

    public func resume(campaign: String, message: String?) async throws -> Bool {
        try await perform { try await $0.resume(campaign: campaign, message: message) }
    }

    public func pause(_ pause: Pause, now: Int64) async throws -> Bool {
        try await perform { try await $0.pause(pause, now: now) }
    }

    public func resume(_ pause: Pause) async throws -> Int {
        try await perform { try await $0.resume(pause) }
    }

    public func pauses() async throws -> [Pause] {
        try await read { try await $0.pauses() }
    }

    public func cancel(_ filter: BroadcastFilter, reason: String) async throws -> ControlChange {
        try await perform { try await $0.close(filter, state: .cancelled, reason: reason) }
    }

    public func retryDead(_ filter: BroadcastFilter, now: Int64) async throws -> Int {
        try await perform { try await $0.retryDead(filter, now: now) }
    }

    public func retryWaiting(_ filter: BroadcastFilter, now: Int64) async throws -> Int {
        try await perform { try await $0.retryWaiting(filter, now: now) }
    }

    public func restartList(_ filter: BroadcastFilter) async throws -> (restarted: Int, refused: Int) {
        try await perform { try await $0.restartList(filter) }
    }

    public func controlScope(_ filter: BroadcastFilter) async throws -> ControlScope {
        try await read { try await $0.controlScope(filter) }
    }

    public func campaigns() async throws -> [String] {
        try await read { try await $0.campaigns() }
    }

    public func messages(campaign: String) async throws -> [String] {
        try await read { try await $0.messages(campaign: campaign) }
    }

    public func cancelAhead(_ cancels: [CancelAhead], now: Int64) async throws -> Int {
        try await perform { try await $0.cancelAhead(cancels, now: now) }
    }

    public func cancelsAhead(campaign: String) async throws -> [CancelAhead] {
        try await read { try await $0.cancelsAhead(campaign: campaign) }
    }

    public func sendMissed(_ filter: BroadcastFilter, now: Int64) async throws -> ControlChange {
        try await perform { try await $0.sendMissed(filter, now: now) }
    }

    public func recordControl(_ record: ControlRecord) async throws {
        try await perform { try await $0.recordControl(record) }
    }

    public func controlRecords(limit: Int) async throws -> [ControlRecord] {
        try await read { try await $0.controlRecords(limit: limit) }
    }

    public func status(_ query: StatusQuery) async throws -> OutboxSnapshot {
        try await read { try await $0.snapshot(query) }
    }

    public func log(_ query: LogQuery) async throws -> [LogEntry] {
        try await read { try await $0.log(query) }
    }

    public func broadcastStatuses(_ filter: BroadcastFilter, limit: Int) async throws -> [BroadcastStatus] {
        try await read { try await $0.broadcastStatuses(filter, limit: limit) }
    }

    public func sendsBySlot(from: Int64, to: Int64) async throws -> [SendSlot] {
        try await read { try await $0.sendsBySlot(from: from, to: to) }
    }
}
