import Delivery
import Foundation
import GatewaySimulator
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The status page's "sends per hour today" is read from the outbox (counted by
/// `record` in each outcome's transaction), so a daemon stopped and started
/// again later the same day still shows the sends of the hours before its start.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)), .timeLimit(.minutes(2)))
struct StatusPageRestartProcessTests {
    @Test func theChartKeepsTodaysSendsAcrossARestart() async throws {
        let port = try FreePort.pick()
        let daemon = try await DaemonHarness(recipients: 6, schedule: DaemonProcessTests.schedule(), gateway: "rate 50/s",
                                             settings: "metrics 127.0.0.1:\(port)")
        defer { Task { await daemon.stop() } }
        let url = "http://127.0.0.1:\(port)/"
        try daemon.start(pretendNow: "2021-03-01T09:59:58+08:00")
        try await daemon.waitUntilEveryoneReached(timeout: 30)
        try await daemon.waitForStatus(seconds: 20) { _ in (try? MetricsProcessTests.deliveredInStatus(daemon)) == 6 }
        let before = try await MetricsProcessTests.get(url).bodyText
        #expect(StatusPageProcessTests.bars(before)[10] == 6, "\(before)")
        #expect(await daemon.stopGracefully() == 0, "\(daemon.log.suffix(2000))")

        // Started again at 11:30 the same day: nothing is left to send, and the
        // 10:00 bar is still the six sends of the first run.
        try daemon.start(pretendNow: "2021-03-01T11:30:00+08:00")
        let after = try await MetricsProcessTests.get(url)
        #expect(after.status == 200)
        let bars = StatusPageProcessTests.bars(after.bodyText)
        #expect(bars.count == 24 && bars[10] == 6 && bars.values.reduce(0, +) == 6, "\(bars)")
        #expect(after.bodyText.contains("<b data-figure=\"sent-today\">6</b>"), "\(after.bodyText)")
        #expect(daemon.simulator.log.requests.count == 6, "the restart sent nothing again")
        #expect(await daemon.stopGracefully() == 0, "\(daemon.log.suffix(2000))")
    }
}
