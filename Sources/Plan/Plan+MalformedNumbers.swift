import LineLanguage
import Schedule

extension Plan {
    /// The malformed lines of the SMS lists a message reaches, at the list's own
    /// `file:line:column`: warnings while a list has no more than the campaign's
    /// `malformed-numbers`, errors beyond. The first few lines of each list are
    /// shown, then one line at its `sms` property with the total. Each list once.
    public func malformedNumberDiagnostics() -> [Diagnostic] {
        let tolerated = document.campaign.malformedNumbersTolerated
        var seen = Set<String>()
        var diagnostics: [Diagnostic] = []
        for (index, region) in tree.regions.enumerated() {
            if let list = region.sms, recipientTallies[index] == nil, let problem = ListFile.kindProblem(atPath: list.resolvedPath),
               seen.insert(list.resolvedPath).inserted {
                // A FIFO or a device would hang the daemon's reader, a directory is no list: refused here, never read.
                diagnostics.append(Diagnostic(.error, at: list.location, "recipient list '\(list.path)': \(problem)",
                                              hint: "name the file itself; the daemon reads lists only from regular files"))
                continue
            }
            guard let list = region.sms, let tally = recipientTallies[index], tally.malformed > 0,
                  seen.insert(list.resolvedPath).inserted else { continue }
            let severity: Diagnostic.Severity = tally.malformed > tolerated ? .error : .warning
            diagnostics += Self.lineDiagnostics(tally, severity, file: list.resolvedPath)
            guard severity == .error || tally.malformed > tally.firstMalformed.count else { continue }
            let lines = Figures.counted(tally.malformed, "malformed line")
            diagnostics.append(Diagnostic(severity, at: list.location,
                                          "recipient list '\(list.path)' has \(lines); they are not sent",
                                          hint: severity == .error
                                            ? "fix the list, or let it run without them with 'malformed-numbers \(tally.malformed)' in the campaign"
                                            : "the campaign tolerates \(tolerated) ('malformed-numbers')"))
        }
        return diagnostics
    }

    /// The campaign's `optout` file: an error when it cannot be read (the daemon
    /// could not load it), a warning for each of its first malformed lines,
    /// which opt nobody out, and one with their total.
    public func optOutFileDiagnostics() -> [Diagnostic] {
        guard let list = document.campaign.optOutList else { return [] }
        let tally: RecipientTally
        do { tally = try RecipientTally(path: list.resolvedPath, country: document.campaign.country) } catch {
            return [Diagnostic(.error, at: list.location, "cannot read the opt-out file '\(list.path)'" + (error.reason.map { ": " + $0 } ?? ""),
                               hint: "the daemon loads it at start and on every reload; fix the path or remove 'optout'")]
        }
        guard tally.malformed > 0 else { return [] }
        return Self.lineDiagnostics(tally, .warning, file: list.resolvedPath)
            + [Diagnostic(.warning, at: list.location,
                          "opt-out file '\(list.path)' has \(Figures.counted(tally.malformed, "malformed line")); they opt nobody out")]
    }

    private static func lineDiagnostics(_ tally: RecipientTally, _ severity: Diagnostic.Severity, file: String) -> [Diagnostic] {
        tally.firstMalformed.map { line in
            Diagnostic(severity, at: SourceLocation(file: file, line: line.line, column: line.column),
                       "malformed phone number: \(line.problem)", hint: "write numbers like 13800000000 or +86 138 0000 0000")
        }
    }
}
