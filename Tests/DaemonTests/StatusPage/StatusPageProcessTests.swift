import BrowserTestSupport
import Foundation
import GatewaySimulator
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The status page of the real daemon, in a real headless browser: chromium
/// (Debian's, with `fonts-wqy-zenhei` for the Chinese) loads `GET /` from the
/// metrics listener on loopback during a broadcast and after it; the rendered
/// DOM holds the figures `status --json` shows and the Chinese labels, and the
/// screenshot is a real picture (look at it: BROADCASTD_KEEP_SCREENSHOT=path).
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary) && HeadlessChromium.isInstalled),
       .timeLimit(.minutes(3)))
struct StatusPageProcessTests {
    @Test func chromiumRendersTheBroadcastWithTheFiguresOfStatus() async throws {
        let port = try FreePort.pick()
        // 20 recipients at 2/s: about ten seconds of sending to screenshot.
        let daemon = try await DaemonHarness(recipients: 20, schedule: DaemonProcessTests.schedule(), gateway: "rate 2/s",
                                             settings: "metrics 127.0.0.1:\(port)")
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-03-01T09:59:58+08:00")
        let url = "http://127.0.0.1:\(port)/"
        _ = await daemon.simulator.log.waitForRequests(2, timeout: .seconds(20))

        try Self.expectScreenshot(url)

        try await daemon.waitUntilEveryoneReached(timeout: 60)
        try await daemon.waitForStatus(seconds: 20) { status in
            ((status["broadcasts"] as? [[String: Any]])?.first?["counts"] as? [String: Any])?["delivered"] as? Int == 20
        }
        let dom = try HeadlessChromium.run(["--dump-dom"], url: url)
        #expect(dom.status == 0)
        let html = dom.stdout
        #expect(html.contains("<article class=\"broadcast\" data-campaign=\"drill\" data-message=\"broadcast\">"), "\(html)")
        #expect(html.contains("<b data-figure=\"delivered\">20</b>") && html.contains("<b data-figure=\"total\">20</b>"), "\(html)")
        #expect(html.contains("演练 drill/broadcast"), "the campaign's Chinese title")
        #expect(html.contains("已送达网关") && html.contains("网关与接口"))
        #expect(html.contains("<tr data-destination=\"sim\""))
        #expect(html.contains("<td>2/s</td>"), "the gateway's rate")
        #expect(html.contains("running 运行中"))
        // The chart: the 20 sends of this broadcast (due 10:00 +08:00, 2/s) in the bar of 10:00 Shanghai.
        #expect(html.contains("<b data-figure=\"sent-today\">20</b>"), "\(html)")
        let bars = Self.bars(html)
        #expect(bars.count == 24 && bars.values.reduce(0, +) == 20, "\(bars)")
        #expect(bars[10] == 20, "\(bars)")
        #expect(html.contains("bound by") == false, "nothing left to project once all are sent")
        for number in daemon.recipients { #expect(!html.contains(number.dropFirst(3)), "a phone number on the page") }

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 15) == 0, "\(daemon.log.suffix(2000))")
    }

    /// chromium's screenshot of `url` is a real picture, kept at BROADCASTD_KEEP_SCREENSHOT to look at
    /// (`shot.png`; with a `suffix`, `shot-suffix.png`).
    static func expectScreenshot(_ url: String, height: Int = 900, suffix: String = "") throws {
        let screenshot = FileManager.default.temporaryDirectory.appendingPathComponent("status-page-\(UUID().uuidString.prefix(8)).png")
        defer { try? FileManager.default.removeItem(at: screenshot) }
        let shot = try HeadlessChromium.run(["--screenshot=\(screenshot.path)", "--window-size=1280,\(height)"], url: url)
        #expect(shot.status == 0, "chromium --screenshot exited \(shot.status)")
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
        // A blank 1280×900 page compresses to a few kilobytes; text, tables and bars do not.
        #expect(png.count > 20_000 * height / 900, "the screenshot is nearly empty: \(png.count) bytes")
        if let keep = ProcessInfo.processInfo.environment["BROADCASTD_KEEP_SCREENSHOT"].map({
            suffix.isEmpty ? $0 : ($0 as NSString).deletingPathExtension + "-" + suffix + ".png"
        }) {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: screenshot, to: URL(fileURLWithPath: keep))
        }
    }

    /// Delivered sends by local hour, from the chart's `<g data-hour=… data-delivered=…>`.
    static func bars(_ html: String) -> [Int: Int] {
        let pattern = /<g data-hour="(\d+)" data-delivered="(\d+)"/
        return html.matches(of: pattern).reduce(into: [:]) { $0[Int($1.1)!] = Int($1.2)! }
    }
}
