/// Everything an outbox backend serves: the daemon's side (dispatch,
/// scheduling, housekeeping, membership, opt-outs, receipts) and the operator's
/// (controls, opt-outs, the read side). A backend conforms to all of them and
/// passes the conformance suite (Tests/OutboxTests); each service is handed
/// only the protocol it uses.
public typealias OutboxBackend = DispatchOutbox & SchedulingOutbox & HousekeepingOutbox & MembershipOutbox
    & OptOutOutbox & ControlOutbox & StatusOutbox & ReceiptOutbox
