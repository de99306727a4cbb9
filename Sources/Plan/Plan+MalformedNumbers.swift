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
            guard let list = region.sms, let tally = recipientTallies[index], tally.malformed > 0,
                  seen.insert(list.resolvedPath).inserted else { continue }
            let severity: Diagnostic.Severity = tally.malformed > tolerated ? .error : .warning
            for line in tally.firstMalformed {
                diagnostics.append(Diagnostic(severity, at: SourceLocation(file: list.resolvedPath, line: line.line, column: line.column),
                                              "malformed phone number: \(line.problem)",
                                              hint: "write numbers like 13800000000 or +86 138 0000 0000"))
            }
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
}
