import BrowserTestSupport
import Foundation
import Testing

/// `rehearse --html` on the shipped example: one self-contained file that a real
/// headless chromium renders with its Chinese as glyphs (fonts-wqy-zenhei).
@Suite(.enabled(if: BroadcastctlProcess.isBuilt && HeadlessChromium.isInstalled, "needs `swift build` and `make test-deps`"))
struct RehearseHTMLTests {
    @Test func theReportIsSelfContainedAndRendersInABrowser() throws {
        let folder = NSTemporaryDirectory() + "rehearse-html-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = folder + "/rehearsal.html"
        let result = try RehearseCommandTests.withShippedConfig {
            try BroadcastctlProcess.run(["rehearse", "--config", $0, "--to", "2021-02-11", "--html", report])
        }
        #expect(result.status == 0, "\(result.errors)")
        let html = try String(contentsOfFile: report, encoding: .utf8)

        // Nothing is loaded from anywhere: no script, no link, no src, no URL but the SVG namespace.
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="))
        #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "https?://", options: .regularExpression) == nil)
        #expect(html.contains("<svg class=\"calendar\"") && html.contains("<svg class=\"load\""))

        // The browser's DOM has the title, the sections and the launch's row.
        let dom = try HeadlessChromium.run(["--dump-dom"], url: URL(fileURLWithPath: report).absoluteString)
        #expect(dom.status == 0)
        #expect(dom.stdout.contains("全民反电诈集中宣传\"春风\"行动") || dom.stdout.contains("全民反电诈集中宣传&quot;春风&quot;行动"))
        for section in ["Warnings", "The quarter", "Gateways, day by day", "Regions", "Every occurrence"] {
            #expect(dom.stdout.contains("<h2>\(section)</h2>"), "\(section)")
        }
        #expect(dom.stdout.contains("<td>launch</td>"))
        // The region tree: the province, a city indented under it, with the census estimate where no list is read.
        #expect(dom.stdout.contains("<td class=\"depth1\">江西省</td>"))
        #expect(dom.stdout.contains("<td class=\"depth2\">南昌市</td>"))

        // A screenshot that is not blank: a page of text, a calendar and charts compresses to tens of kilobytes.
        let screenshot = folder + "/rehearsal.png"
        let shot = try HeadlessChromium.run(["--screenshot=\(screenshot)", "--window-size=1280,1400"],
                                            url: URL(fileURLWithPath: report).absoluteString)
        #expect(shot.status == 0)
        let png = try Data(contentsOf: URL(fileURLWithPath: screenshot))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 40_000, "\(png.count) bytes")
    }
}
