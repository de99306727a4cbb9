import Foundation

/// How every subcommand writes: results on stdout, diagnostics on stderr,
/// colour only when stdout is a terminal and NO_COLOR is unset.
enum Terminal {
    static let isInteractive = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func printDiagnostics(_ rendered: String) {
        guard !rendered.isEmpty else { return }
        FileHandle.standardError.write(Data((rendered.hasSuffix("\n") ? rendered : rendered + "\n").utf8))
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("broadcastctl: \(message)\n".utf8))
    }

    /// Something to know that is not an error, on stderr: stdout stays the result.
    static func printNote(_ message: String) {
        FileHandle.standardError.write(Data("broadcastctl: note: \(message)\n".utf8))
    }

    /// amtool's shape: `Checking 'FILE'  SUCCESS`.
    static func verdictLine(_ file: String, ok: Bool) -> String {
        verdictLine(subject: "'\(file)'", ok: ok)
    }

    /// `Checking the outbox at 'postgresql://…'  SUCCESS`: the same shape for what is not a file.
    static func verdictLine(subject: String, ok: Bool) -> String {
        let word = ok ? "SUCCESS" : "FAILED"
        let shown = isInteractive ? "\u{1B}[\(ok ? "32" : "31")m\(word)\u{1B}[0m" : word
        return "Checking \(subject)  \(shown)"
    }
}
