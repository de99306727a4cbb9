/// The lines that differ between two texts with the same line structure, as
/// `fmt --check` shows them: `-` the file's line, `+` the canonical one, each
/// with its line number. The formatter changes spacing and spelling within
/// lines, never their order, so comparing line by line is the whole diff; a
/// difference in line count is shown as lines only one side has.
struct LineDiff {
    var old: String
    var new: String
    /// At most this many changed lines are shown; the rest are counted.
    var limit = 40

    var rendered: String {
        let before = old.split(separator: "\n", omittingEmptySubsequences: false)
        let after = new.split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [String] = []
        var changed = 0
        for index in 0..<max(before.count, after.count) {
            let was = index < before.count ? before[index] : nil
            let now = index < after.count ? after[index] : nil
            guard was != now else { continue }
            changed += 1
            guard changed <= limit else { continue }
            if let was { lines.append("\(index + 1): - \(was)") }
            if let now { lines.append("\(index + 1): + \(now)") }
        }
        if changed > limit { lines.append("… and \(changed - limit) more changed lines") }
        return lines.joined(separator: "\n")
    }
}
