import ArgumentParser

/// What an operating command's core returns: the text to print and the exit
/// status. The command only prints it, so tests call the core and check both.
struct CommandOutcome: Hashable, Sendable {
    var text: String
    var exitCode: Int32

    static func success(_ text: String) -> CommandOutcome { CommandOutcome(text: text, exitCode: 0) }
    static func failure(_ text: String) -> CommandOutcome { CommandOutcome(text: text, exitCode: 1) }

    var succeeded: Bool { exitCode == 0 }

    /// Success on stdout; a failure on stderr, prefixed like every broadcastctl error.
    func emit() throws {
        if succeeded {
            if !text.isEmpty { print(text.hasSuffix("\n") ? String(text.dropLast()) : text) }
        } else {
            Terminal.printError(text)
            throw ExitCode(exitCode)
        }
    }
}

/// A problem an operating command reports and exits 1 on.
struct OperateError: Error, Hashable, Sendable, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

extension OperateError {
    /// Runs a command's body, turning the errors it reports into a failed outcome.
    static func reported(_ body: () async throws -> CommandOutcome) async -> CommandOutcome {
        do {
            return try await body()
        } catch let error as OperateError {
            return .failure(error.description)
        } catch {
            return .failure("\(error)")
        }
    }
}

/// Prints an `OperateError` the way every broadcastctl error reads, then exits 1.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as OperateError {
        Terminal.printError(error.description)
        throw ExitCode(1)
    }
}
