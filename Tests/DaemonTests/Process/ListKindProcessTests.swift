import Foundation
import GatewaySimulator
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A FIFO, a device or a directory named as a list: `broadcastctl check` says
/// so at the `sms` line instead of hanging, and a running daemon refuses the
/// reload, stays responsive and stops on SIGTERM within its grace.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)))
struct ListKindProcessTests {
    private static func schedule(list: String) -> String {
        DaemonProcessTests.schedule().replacingOccurrences(of: "sms recipients.txt", with: "sms \(list)")
    }

    @Test(arguments: ["fifo", "directory", "/dev/zero"])
    func checkRefusesAListThatIsNoRegularFile(kind: String) async throws {
        let daemon = try await DaemonHarness(recipients: 3, schedule: DaemonProcessTests.schedule(), gateway: "rate 10/s")
        defer { Task { await daemon.stop() } }
        let list = daemon.directory.appendingPathComponent("odd.txt").path
        switch kind {
        case "fifo": try #require(mkfifo(list, 0o600) == 0)
        case "directory": try FileManager.default.createDirectory(atPath: list, withIntermediateDirectories: false)
        default: try FileManager.default.createSymbolicLink(atPath: list, withDestinationPath: kind)
        }
        try daemon.writeSchedule(Self.schedule(list: "odd.txt"))
        let schedule = daemon.directory.appendingPathComponent("campaign.schedule").path
        let result = try daemon.run("broadcastctl", ["check", schedule], timeout: 20)
        #expect(result.status == 1)
        #expect(result.output.contains("campaign.schedule:9:5: error: recipient list 'odd.txt'"), "\(result.output)")
        #expect(result.output.contains("a phone list must be a regular file"))
    }

    @Test func aReloadOntoAFIFOIsRefusedAndSIGTERMStillStopsTheDaemon() async throws {
        let daemon = try await DaemonHarness(recipients: 3, schedule: DaemonProcessTests.schedule(), gateway: "rate 10/s")
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-02-28T09:00:00+08:00")
        try #require(mkfifo(daemon.directory.appendingPathComponent("fifo.txt").path, 0o600) == 0)
        try daemon.writeSchedule(Self.schedule(list: "fifo.txt"))
        daemon.signal(SIGHUP)
        let failed = try #require(try daemon.waitForNotification(containing: "reload failed"))
        #expect(failed.contains("must be a regular file"))
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 10) == 0, "\(daemon.log.suffix(2000))")
    }
}

extension DaemonHarness {
    /// Runs one of the built tools (`broadcastctl`, `broadcastd`) and kills it
    /// after `timeout` seconds, so a hang fails the test instead of stalling it.
    func run(_ tool: String, _ arguments: [String], timeout: Double) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary).deletingLastPathComponent().appendingPathComponent(tool)
        process.arguments = arguments
        let output = directory.appendingPathComponent("\(tool)-\(UUID().uuidString.prefix(8)).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        guard exited.wait(timeout: .now() + timeout) == .success else {
            kill(process.processIdentifier, SIGKILL)
            throw HarnessError("\(tool) \(arguments.joined(separator: " ")) still running after \(timeout) s: it hangs")
        }
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
