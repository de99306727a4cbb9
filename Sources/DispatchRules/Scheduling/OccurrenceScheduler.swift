import Plan

/// Decides, from the plan's occurrences and the time, which occurrences move into
/// the outbox now, which were missed for good, and when to wake next. Pure: the
/// daemon feeds it the clock, so tests advance a test clock instead of sleeping.
///
/// Occurrences move into the outbox `lead` seconds before they are due, so that
/// expanding a large region list is done by the time sending must start.
/// Enqueueing is idempotent in the outbox, so handing over an occurrence twice
/// (after a crash, after a reload) is harmless; the scheduler need not be durable.
public struct OccurrenceScheduler: Sendable {
    public struct Policy: Sendable, Equatable {
        /// How early an occurrence is put into the outbox.
        public var leadSeconds: Int64
        /// How late an occurrence may still be sent after the daemon was down; older ones are skipped.
        public var catchUpSeconds: Int64

        /// A minute and a half, not a minute. Schedules are written to the minute, so
        /// every occurrence is due on a minute's first second; a lead of whole minutes
        /// put the enqueue of the next minute's messages on that very second, in the
        /// way of the sends due then (`bench on-time`: the first of two bursts of 5,000
        /// started with p99 0.73–0.79 s, the second, which had the outbox to itself,
        /// 0.44 s). Half a minute off, it falls between them.
        public static let defaultLeadSeconds: Int64 = 90

        public init(leadSeconds: Int64 = Self.defaultLeadSeconds, catchUpSeconds: Int64 = 3600) {
            self.leadSeconds = leadSeconds
            self.catchUpSeconds = catchUpSeconds
        }
    }

    /// What to do now.
    public struct Step: Sendable, Equatable {
        /// Due (or about to be): put into the outbox.
        public var enqueue: [Occurrence] = []
        /// More than `catchUpSeconds` late: record as skipped, missed while down.
        public var missed: [Occurrence] = []
        /// When to call `advance` again; nil when nothing is left in the plan.
        public var wakeAt: Int64?
    }

    public let policy: Policy
    private var occurrences: [Occurrence]
    private var cursor = 0

    /// At start-up every past occurrence is looked at, so that those missed while
    /// the daemon was down are either caught up or recorded as skipped.
    public init(occurrences: [Occurrence], policy: Policy) {
        self.policy = policy
        self.occurrences = occurrences.sorted()
    }

    /// After a reload: occurrences older than the catch-up window were dealt with
    /// (sent or skipped) by the schedule that was running, and new messages do not
    /// reach into the past. Recent ones this scheduler already handed over are not
    /// handed over (nor announced) again; recent ones the new schedule added or
    /// moved are, and the outbox takes them.
    public mutating func replace(occurrences newOccurrences: [Occurrence], now: Int64) {
        let handedOver = Set(occurrences[..<cursor])
        let sorted = newOccurrences.sorted()
        let oldest = now - policy.catchUpSeconds
        occurrences = sorted[sorted.partitioningIndex { $0.instant >= oldest }...].filter { !handedOver.contains($0) }
        cursor = 0
    }

    public mutating func advance(now: Int64) -> Step {
        var step = Step()
        while cursor < occurrences.count, occurrences[cursor].instant - policy.leadSeconds <= now {
            let occurrence = occurrences[cursor]
            if now - occurrence.instant > policy.catchUpSeconds {
                step.missed.append(occurrence)
            } else {
                step.enqueue.append(occurrence)
            }
            cursor += 1
        }
        step.wakeAt = cursor < occurrences.count ? occurrences[cursor].instant - policy.leadSeconds : nil
        return step
    }

    /// The occurrences still ahead, for `status`' "next occurrences".
    public func upcoming(limit: Int) -> ArraySlice<Occurrence> {
        occurrences[cursor..<min(occurrences.count, cursor + limit)]
    }
}

extension Array {
    /// The first index whose element satisfies a predicate that is false, then true,
    /// along the array (binary search).
    package func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
