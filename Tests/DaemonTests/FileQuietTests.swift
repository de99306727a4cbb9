@testable import Daemon
import Testing

/// The reload's debounce on a test clock: a saved file reloads once it has been
/// quiet for the interval, a burst of saves is one reload of the last one.
struct FileQuietTests {
    typealias Fingerprints = FileQuiet.Fingerprints

    static let base: Fingerprints = ["/etc/broadcastd/broadcastd.conf": "1.0:10", "/etc/c.schedule": "1.0:99"]

    static func edited(_ stamp: String) -> Fingerprints {
        base.merging(["/etc/c.schedule": stamp]) { _, new in new }
    }

    /// What `observe` answers for each look, in order.
    static func answers(_ quiet: inout FileQuiet, _ looks: [(Fingerprints, Double)]) -> [Bool] {
        looks.map { quiet.observe($0.0, now: $0.1) }
    }

    @Test func aChangeReloadsOnlyAfterTheFilesWereQuietForTheInterval() {
        var quiet = FileQuiet(quiet: 2, known: Self.base)
        let saved = Self.edited("2.0:120")
        let answers = Self.answers(&quiet, [(Self.base, 100), (saved, 101), (saved, 102), (saved, 103)])
        // Unchanged; just saved: wait; quiet for 1 s only; quiet for 2 s: reload.
        #expect(answers == [false, false, false, true])
    }

    @Test func everySaveStartsTheQuietIntervalAgain() {
        var quiet = FileQuiet(quiet: 2, known: Self.base)
        // Saved every second for 5 s (a half-finished edit, then its fixes).
        let saves = (0..<5).map { (Self.edited("\($0).0:\(100 + $0)"), 100 + Double($0)) }
        #expect(!Self.answers(&quiet, saves).contains(true), "no reload while the file keeps changing")
        let last = Self.edited("4.0:104")
        #expect(Self.answers(&quiet, [(last, 105), (last, 106)]) == [false, true], "one reload, of the last save")
        quiet.reloaded(last)
        #expect(Self.answers(&quiet, [(last, 120), (last, 130)]) == [false, false], "the reloaded files are the new baseline")
    }

    @Test func savedBackAsItWasIsNoReload() {
        var quiet = FileQuiet(quiet: 2, known: Self.base)
        let answers = Self.answers(&quiet, [(Self.edited("2.0:120"), 100), (Self.base, 101), (Self.base, 110)])
        #expect(answers == [false, false, false])
    }

    @Test func anotherSetOfFilesIsANewBaselineNotAChange() {
        var quiet = FileQuiet(quiet: 2, known: Self.base)
        // `reload signal` watches nothing; an include added by a reload adds a file.
        #expect(Self.answers(&quiet, [([:], 100), ([:], 110)]) == [false, false])
        #expect(quiet.known.isEmpty)
        #expect(Self.answers(&quiet, [(Self.base, 120), (Self.base, 130)]) == [false, false])
    }
}
