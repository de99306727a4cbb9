import Outbox

/// Decides at lease time whether a delivery goes out or is skipped, as the
/// SQLite backend's gate does: an SMS number on the opt-out list (checked
/// first, so it uses up no cap), or a recipient the campaign's caps forbid.
/// The opt-out list is read once per batch of numbers (`prefetchOptOuts`, or
/// with a list slice's reach claims), inside the lease's transaction. Caps are
/// counted row by row: each count is an upsert whose row lock makes
/// concurrent instances count one at a time.
final class LeaseGate {
    private let work: OutboxTransaction
    private let caps: CapPolicy?
    private var optedOut: Set<String> = []
    private(set) var skipped = 0
    private(set) var heldProblems: [String] = []

    init(work: OutboxTransaction, caps: CapPolicy?) {
        self.work = work
        self.caps = caps
    }

    /// Reads which of `keys`' SMS numbers are opted out, for `skipReason`.
    func prefetchOptOuts(_ keys: [DeliveryKey]) async throws {
        let phones = keys.filter { $0.channel == "sms" }.map(\.recipient)
        guard !phones.isEmpty else { return }
        know(optedOut: try await work.sql.rows("SELECT phone FROM optouts WHERE phone = ANY($1::text[])", [phones]) {
            try $0.text(0)
        })
    }

    /// Takes SMS numbers found opted out by a look-up made elsewhere (a list slice's, with its reach's).
    func know(optedOut phones: [String]) {
        optedOut.formUnion(phones)
    }

    /// nil when `key` may be leased, having counted it against the caps if it
    /// had not been yet; `storedDelivery` is the row of a delivery stored before
    /// this lease, nil for a fresh list recipient.
    func skipReason(for key: DeliveryKey, storedDelivery: Int64? = nil) async throws -> SkipReason? {
        let reason = try await decide(key, storedDelivery: storedDelivery)
        if reason != nil { skipped += 1 }
        return reason
    }

    private func decide(_ key: DeliveryKey, storedDelivery: Int64?) async throws -> SkipReason? {
        if key.channel == "sms", optedOut.contains(key.recipient) { return .optedOut }
        guard let caps, let limit = caps.limit(for: key.channel) else { return nil }
        if let storedDelivery, try await work.markCapCounted(storedDelivery) == false { return nil }
        return try await work.takeCap(key, limit: limit, policy: caps) ? nil : .capped
    }

    func held(problem: String) {
        heldProblems.append(problem)
    }

    func passedOverDuplicate() {
        skipped += 1
    }

    /// A fresh recipient that turned out to have a row already gives back its count.
    func duplicateFound(_ key: DeliveryKey) async throws {
        passedOverDuplicate()
        guard let caps, caps.limit(for: key.channel) != nil else { return }
        try await work.returnCap(key)
    }
}
