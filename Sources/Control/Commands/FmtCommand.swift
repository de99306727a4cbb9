import ArgumentParser
import Foundation
import LineLanguage
import Schedule

/// `broadcastctl fmt`: the canonical form of a schedule file.
struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Print a schedule file in its canonical form (aligned properties, normalized spelling).",
        discussion: """
            Formatting the output again changes nothing, and it loads to the same plan. Includes are formatted on their own.
            With --check nothing is printed or written: the exit status is 1, with a diff on stderr, when the file is not canonical.
            """
    )

    @Argument(help: "The schedule file.")
    var file: String

    @Flag(name: .shortAndLong, help: "Rewrite the file in place instead of printing it.")
    var write = false

    @Flag(help: "Only check: exit 1 and show what would change when the file is not in canonical form (for CI).")
    var check = false

    func validate() throws {
        if write && check { throw ValidationError("--write and --check exclude each other") }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            Terminal.printError("cannot read '\(file)'")
            throw ExitCode(1)
        }
        let text = String(decoding: data, as: UTF8.self)
        let (formatted, diagnostics) = ScheduleFormatter.format(text: text, name: file)
        // The same rendering as `check`: the line and a caret under the column.
        let source = SourceFile(name: file, text: text)
        Terminal.printDiagnostics(diagnostics.map { $0.rendered(in: source) }.joined(separator: "\n\n"))
        guard let formatted else { throw ExitCode(1) }
        if check {
            guard formatted != text else { return }
            Terminal.printDiagnostics("\(file) is not in canonical form (broadcastctl fmt --write \(file) fixes it):\n"
                                      + LineDiff(old: text, new: formatted).rendered)
            throw ExitCode(1)
        } else if write {
            guard formatted != text else { return }
            try Data(formatted.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        } else {
            print(formatted, terminator: "")
        }
    }
}
