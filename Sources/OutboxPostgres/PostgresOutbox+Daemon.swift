import Outbox

/// The daemon's side of the seam, each call one transaction.
extension PostgresOutbox: SchedulingOutbox, HousekeepingOutbox, MembershipOutbox {
    public func enqueue(_ broadcasts: [NewBroadcast], closingMissed missed: [BroadcastFilter],
                        now: Int64) async throws -> EnqueueResult {
        try await perform { work in
            let summary = try await work.enqueue(broadcasts, now: now)
            var closed: [BroadcastFilter] = []
            for filter in missed {
                let change = try await work.close(filter, state: .skipped, reason: SkipReason.missedWhileDown.rawValue)
                if change.broadcasts > 0 { closed.append(filter) }
            }
            return EnqueueResult(summary: summary, closedMissed: closed)
        }
    }

    public func applyScheduleChange(_ change: ScheduleChange) async throws {
        try await perform { work in
            for message in try await work.messagesWithOpenBroadcasts(campaign: change.campaign) where !change.messages.contains(message) {
                _ = try await work.close(BroadcastFilter(campaign: change.campaign, message: message), state: .cancelled,
                                         reason: change.cancelReason)
            }
            for text in change.texts {
                try await work.updateText(text.filter, to: text.text)
            }
        }
    }

    public func releaseExpiredLeases(now: Int64) async throws -> Int {
        try await perform { try await $0.releaseExpiredLeases(now: now) }
    }

    public func pruneReached(limit: Int) async throws -> Int {
        try await perform { try await $0.pruneReached(limit: limit) }
    }

    public func pruneLog(before: Int64, limit: Int) async throws -> Int {
        try await perform { try await $0.pruneLog(before: before, limit: limit) }
    }

    public func recordDaemonStart(pid: Int32, now: Int64) async throws {
        try await perform { try await $0.recordDaemonStart(pid: pid, now: now) }
    }

    public func recordHeartbeat(now: Int64, emergencyStopAt: Int64?) async throws {
        try await perform { try await $0.recordHeartbeat(now: now, emergencyStopAt: emergencyStopAt) }
    }

    public func recordDaemonStop(now: Int64) async throws {
        try await perform { try await $0.recordDaemonStop(now: now) }
    }

    public func recordReload(at time: Int64, error: String?, changes: String?) async throws {
        try await perform { try await $0.recordReload(at: time, error: error, changes: changes) }
    }

    public func daemonRecord() async throws -> DaemonRecord? {
        try await read { try await $0.daemonRecord() }
    }
}
