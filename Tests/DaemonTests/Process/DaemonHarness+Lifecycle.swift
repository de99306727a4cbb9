import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension DaemonHarness {
    var stateFolder: String { directory.appendingPathComponent("state").path }

    /// Starts the daemon expecting it to refuse: its exit status (nil if it was
    /// still running after `seconds`) and whether it ever said READY=1.
    func startExpectingRefusal(pretendNow: String, seconds: Double = 20) async throws -> (status: Int32?, saidReady: Bool) {
        try launch(pretendNow: pretendNow)
        let status = await waitForExit(seconds: seconds)
        var saidReady = false
        while let datagram = notify.receive(waiting: false) {
            if datagram.contains("READY=1") { saidReady = true }
        }
        return (status, saidReady)
    }

    /// Stops a running daemon with SIGTERM, as systemd does; its exit status.
    func stopGracefully() async -> Int32? {
        signal(SIGTERM)
        return await waitForExit(seconds: 15)
    }
}

extension DaemonHarness {
    var isRunning: Bool { process?.isRunning ?? false }

    /// Polls the daemon's log until it contains `text`, for at most `seconds`.
    func waitForLog(containing text: String, seconds: Double) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !log.contains(text) {
            guard Date() < deadline else { throw HarnessError("no '\(text)' in the log after \(seconds)s:\n\(log.suffix(3000))") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

extension DaemonHarness {
    var pid: Int32 { process?.processIdentifier ?? 0 }

    /// Its `broadcastd.conf`, for `broadcastctl … --config`.
    var configPath: String { directory.appendingPathComponent("broadcastd.conf").path }

    /// Runs `broadcastctl` with `arguments`; its exit status and output.
    func control(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary).deletingLastPathComponent().appendingPathComponent("broadcastctl")
        process.arguments = arguments
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }
}

extension DaemonHarness {
    /// Polls `status --json` until `condition` holds, for at most `seconds`.
    func waitForStatus(seconds: Double, _ condition: ([String: Any]) -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try !condition(statusJSON()) {
            guard Date() < deadline else { throw HarnessError("status never showed what was expected:\n\(try statusJSON())") }
            try await Task.sleep(for: .milliseconds(250))
        }
    }
}
