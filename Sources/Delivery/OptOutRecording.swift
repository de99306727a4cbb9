/// Where a destination puts a number its gateway answered "unsubscribed" for.
/// A protocol so that delivery knows nothing of the outbox: the daemon's
/// recorder adds the number to the outbox's opt-out table; tools that only send have none.
public protocol OptOutRecording: Sendable {
    /// `phone` in E.164; `source` names who said so (`report`). The caller goes on
    /// whatever happens, so a failure is the recorder's to log.
    func record(_ phone: String, source: String) async
}
