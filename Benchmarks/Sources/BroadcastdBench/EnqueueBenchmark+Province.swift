import DispatchRules
import Foundation
import Outbox
import OutboxSQLite

#if canImport(Glibc)
import Glibc
#endif

extension EnqueueBenchmark {
    /// One province-wide broadcast as the daemon enqueues it: one list broadcast
    /// per region of `shape`, all of one message occurrence (so one reach), each
    /// ranked by its region's depth; then leased and recorded in-process to the
    /// end like the single-list mode, optionally under `caps`, and the reach's
    /// `reached` rows pruned in the heartbeat's chunks. It checks what the reach
    /// promises — every person leased exactly once, every other position a
    /// duplicate, nothing left claimed — and throws if any of it fails, since a
    /// fast wrong answer is no benchmark. Baseline: reading the same lists through
    /// `PhoneListReader`. Like the single list it runs a tenth of the size, then
    /// the full size.
    public struct Province: Sendable {
        /// List positions over all the lists (people are fewer: the lists overlap).
        public var positions: Int
        public var batch: Int
        public var shape: ProvinceShape
        public var caps: CapPolicy?

        /// At most two sends a day per number on SMS: every person is leased once, so nothing is capped,
        /// but each lease counts against the cap (one `cap_counts` row per person).
        public static let twoPerDay = CapPolicy(limits: ["sms": CapPolicy.Limit(perDay: 2)], day: 0, week: 0)
        /// Rows per `pruneReached` call, as the daemon's heartbeat prunes.
        public static let pruneChunk = 5_000

        public init(positions: Int = 1_000_000, batch: Int = 1_000, shape: ProvinceShape = ProvinceShape(),
                    caps: CapPolicy? = nil) {
            precondition(positions >= 10 * shape.listCount && batch >= 1, "a tenth of the positions must be at least one a list")
            self.positions = positions
            self.batch = batch
            self.shape = shape
            self.caps = caps
        }

        public func run() throws -> ProvinceReport {
            let before = try ProcessUsage.sample(pid: getpid()).peakResidentBytes
            var runs: [ProvinceRun] = []
            for size in [positions / 10, positions] {
                runs.append(try measure(positions: size))
            }
            return ProvinceReport(batch: batch, shape: shape, caps: caps, peakBeforeBytes: before, runs: runs)
        }

        func measure(positions size: Int) throws -> ProvinceRun {
            try EnqueueBenchmark.inTemporaryFolder { folder in
                let people = shape.people(forPositions: size)
                let lists = try shape.writeLists(people: people, folder: folder)
                var run = ProvinceRun(positions: lists.reduce(0) { $0 + $1.positions }, people: people, lists: lists.count)
                run.listBytes = Int64(run.positions * 12)
                run.baselineSeconds = try EnqueueBenchmark.seconds {
                    for list in lists { _ = try EnqueueBenchmark.countNumbers(in: list.path) }
                }

                let outbox = try OutboxConnection(stateDirectory: folder)
                var ledger = PersonLedger(people: people)
                var drained = Drained()
                run.seconds = try EnqueueBenchmark.seconds {
                    try enqueue(lists, into: outbox)
                    drained = try EnqueueBenchmark.drain(outbox, batch: batch, caps: caps) { ledger.lease($0.recipient) }
                }
                run.delivered = drained.delivered
                run.skipped = drained.skipped
                try readOutcome(of: outbox, into: &run)
                run.reachedPeak = try outbox.reachedCount()
                run.pruneSeconds = try EnqueueBenchmark.seconds {
                    while true {
                        let pruned = try outbox.pruneReached(limit: Self.pruneChunk)
                        run.pruneChunks += 1
                        if pruned < Self.pruneChunk { break }
                    }
                }
                run.reachedAfterPrune = try outbox.reachedCount()
                run.outboxBytes = try EnqueueBenchmark.outboxBytes(outbox, in: folder)
                run.peakResidentBytes = try ProcessUsage.sample(pid: getpid()).peakResidentBytes
                try check(run, ledger: ledger)
                return run
            }
        }

        /// One broadcast per list, all in one transaction, as the daemon's expander enqueues an occurrence.
        private func enqueue(_ lists: [ProvinceShape.List], into outbox: OutboxConnection) throws {
            let broadcasts = lists.map { list in
                NewBroadcast(key: BroadcastKey(campaign: EnqueueBenchmark.campaign, message: "m0", occurrence: 0,
                                               region: list.region, channel: "sms", audience: "list"),
                             destination: EnqueueBenchmark.destination, text: EnqueueBenchmark.text, dueAt: 0,
                             recipients: .list(list.path, count: Int64(list.positions)), rank: list.rank)
            }
            let summary = try outbox.enqueue(broadcasts, now: 0)
            guard summary.broadcasts == lists.count else {
                throw Failure(description: "enqueued \(summary.broadcasts) broadcasts of \(lists.count) lists")
            }
        }

        /// What the broadcasts' rows say: duplicates counted, sends by rank, lists left unread, cap counts.
        private func readOutcome(of outbox: OutboxConnection, into run: inout ProvinceRun) throws {
            let figures = try outbox.reachFigures()
            run.duplicates = Int(figures.duplicates)
            run.unfinishedLists = Int(figures.unfinishedLists)
            run.sentByRank = figures.sentByRank
            run.capRows = figures.capRows
        }

        /// Every promise of the reach, or a failure naming each one broken.
        func check(_ run: ProvinceRun, ledger: PersonLedger) throws {
            var broken: [String] = []
            if ledger.leased != run.people || ledger.repeats > 0 || ledger.strangers > 0 {
                broken.append("\(ledger.leased) of \(run.people) people leased, \(ledger.repeats) leased again, "
                              + "\(ledger.strangers) leases of unknown numbers")
            }
            if run.delivered != run.people {
                broken.append("\(run.delivered) deliveries recorded for \(run.people) people")
            }
            if run.duplicates != run.positions - run.people {
                broken.append("\(run.duplicates) duplicates counted, positions − people = \(run.positions - run.people)")
            }
            if run.skipped != run.duplicates {
                broken.append("\(run.skipped - run.duplicates) positions skipped other than as duplicates (capped, opted out)")
            }
            if run.unfinishedLists > 0 {
                broken.append("\(run.unfinishedLists) lists not read to the end")
            }
            if run.reachedAfterPrune != 0 {
                broken.append("\(run.reachedAfterPrune) reached rows left after pruning a finished reach")
            }
            let expectedCapRows = caps == nil ? 0 : Int64(run.people)
            if run.capRows != expectedCapRows {
                broken.append("\(run.capRows) cap counter rows, expected \(expectedCapRows)")
            }
            guard broken.isEmpty else {
                throw Failure(description: "province enqueue benchmark is WRONG at \(run.positions) positions: "
                              + broken.joined(separator: "; "))
            }
        }
    }
}
