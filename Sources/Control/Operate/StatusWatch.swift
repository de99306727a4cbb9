import Foundation

/// `status --watch`: one frame a second until SIGINT. On a terminal each frame
/// clears the screen first; into a pipe or file the frames simply follow each
/// other (with `--json`, one object per line).
enum StatusWatch {
    static let clearScreen = "\u{1B}[H\u{1B}[2J"

    static func frame(_ text: String, interactive: Bool) -> String {
        let body = text.hasSuffix("\n") ? text : text + "\n"
        return interactive ? clearScreen + body : body
    }

    /// Writes frames until `pause` throws (cancellation, i.e. SIGINT) or the task is cancelled.
    static func run(interactive: Bool, render: () async throws -> String, write: (String) -> Void,
                    pause: () async throws -> Void) async throws {
        while !Task.isCancelled {
            write(frame(try await render(), interactive: interactive))
            do { try await pause() } catch is CancellationError { return }
        }
    }

    /// Runs `body` in a task that SIGINT cancels, so the loop ends between frames.
    static func untilInterrupted(_ body: @escaping @Sendable () async throws -> Void) async throws {
        signal(SIGINT, SIG_IGN)
        let task = Task { try await body() }
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { task.cancel() }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        try await task.value
    }
}
