import ArgumentParser
import Foundation
import Schedule

/// `broadcastctl fmt`: the canonical form of a schedule file.
struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Print a schedule file in its canonical form (aligned properties, normalized spelling).",
        discussion: "Formatting the output again changes nothing, and it loads to the same plan. Includes are formatted on their own."
    )

    @Argument(help: "The schedule file.")
    var file: String

    @Flag(name: .shortAndLong, help: "Rewrite the file in place instead of printing it.")
    var write = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            Terminal.printError("cannot read '\(file)'")
            throw ExitCode(1)
        }
        let text = String(decoding: data, as: UTF8.self)
        let (formatted, diagnostics) = ScheduleFormatter.format(text: text, name: file)
        Terminal.printDiagnostics(diagnostics.map { $0.rendered(in: nil) }.joined(separator: "\n"))
        guard let formatted else { throw ExitCode(1) }
        if write {
            guard formatted != text else { return }
            try Data(formatted.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        } else {
            print(formatted, terminator: "")
        }
    }
}
