/// Decides when a changed file reloads: once the files have looked the same
/// for `quiet` seconds after a change, so an editor's save in several writes,
/// or an operator saving twice while fixing a typo, is one reload of the
/// finished file and not a reload of each half. Pure over the injected clock:
/// the service feeds it what it sees; tests advance a test clock.
struct FileQuiet: Sendable, Equatable {
    /// Each watched file's modification time and size (`missing` when absent).
    typealias Fingerprints = [String: String]

    let quiet: Double
    /// What the running config and schedule were read from.
    private(set) var known: Fingerprints
    /// A change seen, and when the files last looked different.
    private var pending: (seen: Fingerprints, since: Double)?

    init(quiet: Double, known: Fingerprints) {
        self.quiet = quiet
        self.known = known
    }

    static func == (lhs: FileQuiet, rhs: FileQuiet) -> Bool {
        lhs.quiet == rhs.quiet && lhs.known == rhs.known && lhs.pending?.seen == rhs.pending?.seen
            && lhs.pending?.since == rhs.pending?.since
    }

    /// Whether to reload now, given what the files look like at `now`.
    mutating func observe(_ current: Fingerprints, now: Double) -> Bool {
        if current.keys != known.keys {
            // Other files to watch (a reload changed the includes or `reload`): a new
            // baseline, not a change; a missing file keeps its key as `missing`.
            reloaded(current)
            return false
        }
        if current == known {
            // Saved back as it was: nothing to do.
            pending = nil
            return false
        }
        guard let pending, pending.seen == current else {
            self.pending = (current, now)
            return false
        }
        return now - pending.since >= quiet
    }

    /// After a reload (taken or refused): what it read is the new baseline.
    mutating func reloaded(_ current: Fingerprints) {
        known = current
        pending = nil
    }
}
