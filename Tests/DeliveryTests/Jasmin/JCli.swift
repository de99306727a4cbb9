import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Jasmin's jCli console on its telnet port, driven the way an operator types it:
/// one command a line, each answered with a prompt (`jcli : ` at the top, `> ` inside
/// an `-a` block). Telnet option requests are ignored; jCli works without answers.
enum JCli {
    struct Failure: Error, CustomStringConvertible {
        var command: String
        var transcript: String
        var description: String { "jCli refused '\(command)':\n\(transcript)" }
    }

    /// Runs `commands` in one session; every `ok` must answer "Successfully …" and
    /// no line may be refused. Blocking reads, bounded by a receive timeout, run off
    /// the cooperative pool.
    static func run(port: Int, commands: [String], timeout: Int = 10) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(port: port, commands: commands, timeout: timeout) })
            }
        }
    }

    private static func runBlocking(port: Int, commands: [String], timeout: Int) throws {
        guard let descriptor = Loopback.connect(port: port) else { throw POSIXError(.ECONNREFUSED) }
        defer { close(descriptor) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        // jCli prints its banner and shows the first prompt only after a line.
        _ = try exchange(descriptor, "", command: "(banner)")
        for command in commands {
            let answer = try exchange(descriptor, command, command: command)
            let refused = ["Unknown", "Error", "Invalid", "Cannot", "must"].contains { answer.contains($0) }
            if refused || (command == "ok" && !answer.contains("Successfully")) {
                throw Failure(command: command, transcript: answer)
            }
        }
        _ = try exchange(descriptor, "quit", command: "quit", expectPrompt: false)
    }

    /// Sends one line and reads until a prompt ends the output.
    private static func exchange(_ descriptor: Int32, _ line: String, command: String, expectPrompt: Bool = true) throws -> String {
        let bytes = Array((line + "\r\n").utf8)
        guard send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw POSIXError(.EPIPE) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let text = String(decoding: received.filter { $0 < 0x80 }, as: UTF8.self)
            if text.hasSuffix("jcli : ") || text.hasSuffix("> ") { return text }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 {
                if !expectPrompt { return text }
                throw Failure(command: command, transcript: text + "\n(no prompt within the timeout)")
            }
            received += buffer[0..<count]
        }
    }
}
