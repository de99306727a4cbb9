import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A daemon started long after occurrences it should have sent records them as
/// skipped, and says so once: a later start, which offers every past occurrence
/// to the outbox again, must not repeat the news.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)))
struct MissedOccurrenceProcessTests {
    /// Daily at 10:00 from 2021-03-01, and a follow-up at 10:02 on 03-09 whose
    /// send shows that the start-up step (missed, caught up, due) was applied.
    static let schedule = DaemonProcessTests.schedule(extraMessages: """
        message followup
            at   2021-03-09 10:02
            to   test
            via  sms
            text 反诈演练：请转告家人。
        """).replacingOccurrences(of: "lasts       2 days", with: "lasts       10 days")
        .replacingOccurrences(of: "at   2021-03-01 10:00", with: "every day 10:00")

    static let missedLine = "occurrence missed while down, skipped"
    static let summaryLine = "more occurrences missed while down, skipped"

    @Test func missedOccurrencesAreLoggedBrieflyAndOnlyOnce() async throws {
        let daemon = try await DaemonHarness(recipients: 1, schedule: Self.schedule, gateway: "rate 10/s")
        defer { Task { await daemon.stop() } }

        // 03-01 … 03-08 are past the 1 h catch-up; 03-09 10:00 is caught up.
        try daemon.start(pretendNow: "2021-03-09T10:00:30+08:00")
        #expect(await daemon.simulator.log.waitForRequests(1, timeout: .seconds(30)) != nil)
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 15) == 0)
        let firstRun = daemon.log
        #expect(Self.lines(Self.missedLine, in: firstRun) == 5)
        #expect(Self.lines(Self.summaryLine, in: firstRun) == 1)
        #expect(firstRun.contains("\(Self.summaryLine) campaign=drill count=3 through=2021-03-08T10:00:00"))
        let skipped = try daemon.outbox().broadcastStatuses().filter { $0.reason == "missed while down" }
        #expect(skipped.count == 8)

        try daemon.start(pretendNow: "2021-03-09T10:01:59+08:00")
        #expect(await daemon.simulator.log.waitForRequests(2, timeout: .seconds(30)) != nil)
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 15) == 0)
        let secondRun = String(daemon.log.dropFirst(firstRun.count))
        #expect(Self.lines("missed while down", in: secondRun) == 0)
        #expect(try daemon.outbox().broadcastStatuses().filter { $0.reason == "missed while down" }.count == 8)

        // An operator sends 03-08 after all (issue 11); a third start neither skips it again nor sends it twice.
        let config = daemon.directory.appendingPathComponent("broadcastd.conf").path
        let send = try daemon.control(["send", "broadcast", "--occurrence", "2021-03-08T10:00", "--config", config])
        #expect(send.status == 0 && send.stdout.contains("of 2021-03-08 10:00 +08:00 on purpose: 1 broadcast due now"), "\(send.stdout)\(send.stderr)")
        #expect(try daemon.control(["send", "broadcast", "--occurrence", "2021-03-08T10:00", "--config", config]).status == 1)
        try daemon.start(pretendNow: "2021-03-09T10:03:00+08:00")
        #expect(await daemon.simulator.log.waitForRequests(3, timeout: .seconds(30)) != nil)
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 15) == 0)
        #expect(daemon.simulator.log.requestCount == 3, "one more SMS: the occurrence sent on purpose, once")
        #expect(try daemon.outbox().broadcastStatuses().filter { $0.reason == "missed while down" }.count == 7)
    }

    static func lines(_ text: String, in log: String) -> Int {
        log.split(separator: "\n").filter { $0.contains(text) }.count
    }
}
