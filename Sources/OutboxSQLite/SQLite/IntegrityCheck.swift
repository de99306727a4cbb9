import Outbox
import CSQLite

/// Finds a damaged outbox at start, before READY, instead of when a lease or a
/// status query first touches the bad page (the daemon then said "ready" and
/// died). `PRAGMA quick_check(TABLE)` reads every page of the table and its
/// indexes and checks their B-tree structure, but not that indexes match their
/// tables (which `integrity_check` does at several times the cost).
///
/// Bounded in cost: every table is checked except the delivery log
/// (`attempts`), which is the only table that grows with every send (about
/// 12 GiB at province scale with a 30-day retention, Benchmarks/RESULTS.md: tens of seconds or more to read)
/// and is not state: nothing reads it to decide what to send. What is checked
/// grows with the population and the schedule (broadcasts, deliveries in
/// flight or failed, de-duplication and cap rows, opt-outs), a few hundred MB
/// at most: seconds, inside systemd's start timeout. Damage in the log shows
/// later, as an error of `broadcastctl log` or of pruning, with the same hint.
enum IntegrityCheck {
    /// Tables not read at start, and why: see above.
    static let unchecked: Set<String> = ["attempts"]

    static func run(on database: Database) throws {
        let tables = try database.prepare("""
            SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rootpage
            """).rows { $0.text(0) }
        for table in tables where !unchecked.contains(table) {
            let problems = try database.prepare("PRAGMA quick_check(\"\(table)\")").rows { $0.text(0) }
            guard problems != ["ok"] else { continue }
            throw SQLiteError(code: SQLITE_CORRUPT,
                              message: "quick_check of table \(table) found damage: " + problems.prefix(5).joined(separator: "; "),
                              path: database.path)
        }
    }
}
