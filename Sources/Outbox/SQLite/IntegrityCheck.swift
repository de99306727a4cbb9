import CSQLite

/// Finds a damaged outbox at start, before READY, instead of when a lease or a
/// status query first touches the bad page (the daemon then said "ready" and
/// died). `PRAGMA quick_check` reads every page once and checks each B-tree's
/// structure, but not that indexes match their tables (which `integrity_check`
/// does at several times the cost). Its cost is one sequential read of the
/// file: the outbox is kept small by design (a delivered recipient is a counter,
/// and the log is pruned, see docs/outbox.md), tens to a few hundred MB, so a
/// few seconds at most, inside systemd's start timeout.
enum IntegrityCheck {
    static func run(on database: Database) throws {
        let problems = try database.prepare("PRAGMA quick_check(5)").rows { $0.text(0) }
        guard problems != ["ok"] else { return }
        throw SQLiteError(code: SQLITE_CORRUPT, message: "quick_check found damage: " + problems.joined(separator: "; "),
                          path: database.path)
    }
}
