import Outbox

/// The daemon's side of the seam, each call one transaction.
extension SQLiteOutbox: SchedulingOutbox, HousekeepingOutbox, MembershipOutbox {
    public func enqueue(_ broadcasts: [NewBroadcast], closingMissed missed: [BroadcastFilter],
                        now: Int64) throws -> EnqueueResult {
        try perform { outbox in
            try outbox.database.transaction {
                let summary = try outbox.enqueue(broadcasts, now: now)
                let closed = try missed.filter { try outbox.skip($0, reason: .missedWhileDown).broadcasts > 0 }
                return EnqueueResult(summary: summary, closedMissed: closed)
            }
        }
    }

    public func applyScheduleChange(_ change: ScheduleChange) throws {
        try perform { outbox in
            try outbox.database.transaction {
                for message in try outbox.messagesWithOpenBroadcasts(campaign: change.campaign, occurringFrom: 0)
                where !change.messages.contains(message) {
                    _ = try outbox.cancel(BroadcastFilter(campaign: change.campaign, message: message),
                                          reason: change.cancelReason)
                }
                for text in change.texts {
                    _ = try outbox.updateText(text.filter, to: text.text)
                }
            }
        }
    }

    public func releaseExpiredLeases(now: Int64) throws -> Int {
        try perform { try $0.releaseExpiredLeases(now: now) }
    }

    public func pruneReached(limit: Int) throws -> Int {
        try perform { try $0.pruneReached(limit: limit) }
    }

    public func pruneLog(before: Int64, limit: Int) throws -> Int {
        try perform { try $0.pruneLog(before: before, limit: limit) }
    }

    public func recordDaemonStart(pid: Int32, now: Int64) throws {
        try perform { try $0.recordDaemonStart(pid: pid, now: now) }
    }

    public func recordHeartbeat(now: Int64, emergencyStopAt: Int64?) throws {
        try perform { try $0.recordHeartbeat(now: now, emergencyStopAt: emergencyStopAt) }
    }

    public func recordDaemonStop(now: Int64) throws {
        try perform { try $0.recordDaemonStop(now: now) }
    }

    public func recordReload(at time: Int64, error: String?, changes: String?) throws {
        try perform { try $0.recordReload(at: time, error: error, changes: changes) }
    }

    public func daemonRecord() throws -> DaemonRecord? {
        try perform { try $0.daemonRecord() }
    }
}
