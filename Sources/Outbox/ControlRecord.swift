/// One operator control as the outbox keeps it (`broadcastctl log --controls`,
/// `status`): who ran what on which target, when, and what it changed. Kept
/// apart from the delivery log: a control is not an attempt, and its record
/// must outlive the log's retention for an audit.
public struct ControlRecord: Hashable, Sendable, Codable {
    /// Seconds since 1970 UTC.
    public var at: Int64
    /// The invoking user (`SUDO_USER` when run through sudo, else the uid's name).
    public var user: String
    /// `pause`, `resume`, `cancel`, `retry`, `send`.
    public var command: String
    /// What it was aimed at, as the command said it (`message 'launch' of campaign 'chunfeng'`).
    public var target: String
    /// What it answered: what changed, or why nothing did.
    public var outcome: String
    /// False when the control changed nothing (and exited 1).
    public var changed: Bool

    public init(at: Int64, user: String, command: String, target: String, outcome: String, changed: Bool) {
        self.at = at
        self.user = user
        self.command = command
        self.target = target
        self.outcome = outcome
        self.changed = changed
    }
}

/// A decision to cancel one occurrence of one message (in one region, or all
/// of them when `region` is nil) made before it reached the outbox: when the
/// daemon enqueues it, it goes in as cancelled with `reason`, recorded and never sent.
public struct CancelAhead: Hashable, Sendable {
    public var campaign: String
    public var message: String
    /// The occurrence's instant, seconds since 1970 UTC.
    public var occurrence: Int64
    public var region: String?
    public var reason: String

    public init(campaign: String, message: String, occurrence: Int64, region: String?, reason: String) {
        self.campaign = campaign
        self.message = message
        self.occurrence = occurrence
        self.region = region
        self.reason = reason
    }
}
