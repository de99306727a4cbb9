import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Quiet hours in the real daemon: started inside a one-minute SMS quiet window
/// with a broadcast already due, it logs one line when the window holds the
/// sends and one when it lets them go, in that order; nothing reaches the
/// gateway in between, and everyone gets the message after it.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)), .timeLimit(.minutes(2)))
struct QuietHoursProcessTests {
    static let hold = "quiet hours: holding sms of campaign 'drill' until they end"
    static let release = "quiet hours over: sending sms of campaign 'drill' again"

    @Test func quietHoursHoldTheDueSendsThenReleaseThemAndSayBoth() async throws {
        // The broadcast is due at 10:00 (caught up: catch-up 1h), the window is
        // 10:01-10:02, and the daemon's clock starts at 10:01:52: about 8 s held.
        let daemon = try await DaemonHarness(recipients: 5, schedule: DaemonProcessTests.schedule(campaignLines: "    quiet       10:01-10:02 for sms"),
                                             gateway: "rate 50/s")
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-03-01T10:01:52+08:00")

        try await daemon.waitForLog(containing: Self.hold, seconds: 20)
        let holdLine = daemon.log.split(separator: "\n").first { $0.contains(Self.hold) }.map(String.init) ?? ""
        #expect(holdLine.contains("2021-03-01T02:02:00Z"), "the line says when the window ends: \(holdLine)")
        // Held until the release line: the simulator's count is read before the log,
        // so a log without the line means no send had started when the count was read.
        let deadline = Date().addingTimeInterval(30)
        while true {
            let received = daemon.simulator.log.requests.count
            if daemon.log.contains(Self.release) { break }
            #expect(received == 0, "a send went out inside quiet hours:\n\(daemon.log.suffix(2000))")
            guard received == 0, Date() < deadline else {
                Issue.record("no '\(Self.release)' in the log after 30 s:\n\(daemon.log.suffix(3000))"); return
            }
            // Polling the log file as `waitForLog` does: the line is the event waited for.
            try await Task.sleep(for: .milliseconds(100))
        }
        let log = daemon.log
        let holdAt = try #require(log.range(of: Self.hold)), releaseAt = try #require(log.range(of: Self.release))
        #expect(holdAt.upperBound <= releaseAt.lowerBound, "held, then released:\n\(log.suffix(2000))")
        #expect(log.components(separatedBy: Self.hold).count == 2 && log.components(separatedBy: Self.release).count == 2,
                "one line each, not one per turn of the dispatcher:\n\(log.suffix(3000))")

        try await daemon.waitUntilEveryoneReached(timeout: 30)
        #expect(Set(daemon.receivedNumbers) == Set(daemon.recipients))
        #expect(await daemon.stopGracefully() == 0, "\(daemon.log.suffix(2000))")
    }
}
