import Outbox

/// Decides at lease time whether a delivery goes out or is skipped, and why: an
/// SMS number on the opt-out list (checked first, so it uses up no cap), or a
/// recipient its campaign's caps forbid. One per `leaseDue` call, inside its
/// transaction; it remembers the cap scopes it has looked up.
final class LeaseGate {
    private let outbox: OutboxConnection
    private let caps: CapPolicy?
    private var scopes: [ScopeKey: Int64] = [:]
    /// Statements held for the lease instead of looked up by their SQL text per recipient.
    private var optOutsAsked = false
    private var optOutStatement: Statement?
    private var capStatement: Statement?
    /// Deliveries skipped so far, and list positions passed over as duplicates:
    /// either way the lease may come back short while more is due at once.
    private(set) var skipped = 0
    /// Why broadcasts were held in this lease (their list could not be read).
    private(set) var heldProblems: [String] = []

    private struct ScopeKey: Hashable {
        var campaign: String
        var channel: String
    }

    init(outbox: OutboxConnection, caps: CapPolicy?) {
        self.outbox = outbox
        self.caps = caps
    }

    /// nil when `key` may be leased, having counted it against the caps if it
    /// had not been yet; `storedDelivery` is the row of a delivery stored before
    /// this lease (inline, released, retrying), nil for a fresh list recipient.
    func skipReason(for key: DeliveryKey, storedDelivery: Int64? = nil) throws -> SkipReason? {
        let reason = try decide(key, storedDelivery: storedDelivery)
        if reason != nil { skipped += 1 }
        return reason
    }

    private func decide(_ key: DeliveryKey, storedDelivery: Int64?) throws -> SkipReason? {
        if key.channel == "sms", let lookup = try optOutLookup(),
           try lookup.bind(key.recipient).firstRow({ _ in true }) != nil {
            return .optedOut
        }
        guard let caps, let limit = caps.limit(for: key.channel) else { return nil }
        if let storedDelivery, try !outbox.markCapCounted(storedDelivery) { return nil }
        let statement = try capStatement ?? outbox.database.cached(OutboxConnection.takeCapSQL)
        capStatement = statement
        let allowed = try outbox.takeCap(scope: scope(of: key), recipient: key.recipient, limit: limit, policy: caps,
                                         statement: statement)
        return allowed ? nil : .capped
    }

    /// The opt-out look-up, held for the lease (this runs for every recipient),
    /// or nil when the list is empty: asked once, since the lease holds the
    /// write lock and nothing can opt out meanwhile, so an outbox without
    /// opt-outs looks nothing up per recipient.
    private func optOutLookup() throws -> Statement? {
        if !optOutsAsked {
            optOutStatement = try outbox.hasOptOuts() ? outbox.database.cached(OutboxConnection.optOutLookupSQL) : nil
            optOutsAsked = true
        }
        return optOutStatement
    }

    func held(problem: String) {
        heldProblems.append(problem)
    }

    /// A list position whose number its reach already handed out.
    func passedOverDuplicate() {
        skipped += 1
    }

    /// A fresh recipient that turned out to have a row already (its number is
    /// listed twice) gives back the count `skipReason` took for it.
    func duplicateFound(_ key: DeliveryKey) throws {
        passedOverDuplicate()
        guard let caps, caps.limit(for: key.channel) != nil else { return }
        try outbox.returnCap(scope: scope(of: key), recipient: key.recipient)
    }

    private func scope(of key: DeliveryKey) throws -> Int64 {
        let scopeKey = ScopeKey(campaign: key.campaign, channel: key.channel)
        if let known = scopes[scopeKey] { return known }
        let id = try outbox.capScope(campaign: key.campaign, channel: key.channel)
        scopes[scopeKey] = id
        return id
    }
}
