import Foundation
import Loading
import TextFormat

/// Today's sends per hour as an inline SVG bar chart (no script, no file from
/// elsewhere): one chart per zone the campaigns run in, usually one, each of
/// that zone's day. A bar is the attempts that ended in its hour, taken by the
/// gateway (blue) under those that failed (red). Each bar's group carries
/// `data-hour`, `data-delivered` and `data-failed` so a test reads the figures.
struct SendsChart {
    var sends: HourlySends
    var now: Int64
    var zones: CampaignZones

    static let width = 720, height = 160, top = 16, bottom = 20

    func render() -> String {
        let identifiers = Set(zones.identifiers.values).sorted()
        var html = "<section id=\"sends\" class=\"chart\"><h2>Sends per hour today 今日每小时发送</h2>\n"
        for identifier in identifiers.isEmpty ? [zones.fallback] : identifiers {
            html += chart(zone: TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 0)!, name: identifier)
        }
        return html + "</section>\n"
    }

    private func chart(zone: TimeZone, name: String) -> String {
        let hours = sends.today(now: now, zone: zone)
        let total = hours.reduce(0) { $0 + $1.tally.sent }
        let busiest = hours.map(\.tally.sent).max() ?? 0, peak = max(1, busiest)
        let slot = Double(Self.width) / Double(max(1, hours.count)), plot = Double(Self.height - Self.top - Self.bottom)
        var html = "<figure data-zone=\"\(HTMLText.escaped(name))\"><figcaption>\(HTMLText.escaped(name)) · "
        html += "<b data-figure=\"sent-today\">\(total)</b> sent today 今日发送 · busiest hour 最多 \(busiest)"
        html += "</figcaption>\n<svg viewBox=\"0 0 \(Self.width) \(Self.height)\" role=\"img\" aria-label=\"sends per hour\">\n"
        for (index, entry) in hours.enumerated() {
            let x = Double(index) * slot + 2, barWidth = max(1, slot - 4)
            let failed = Double(entry.tally.failed) / Double(peak) * plot
            let delivered = Double(entry.tally.delivered) / Double(peak) * plot
            let base = Double(Self.height - Self.bottom)
            html += "<g data-hour=\"\(entry.hour)\" data-delivered=\"\(entry.tally.delivered)\" data-failed=\"\(entry.tally.failed)\">"
            html += "<title>\(String(format: "%02d:00", entry.hour)) · \(entry.tally.delivered) delivered, \(entry.tally.failed) failed</title>"
            if entry.tally.failed > 0 { html += rect("failed", x, base - failed, barWidth, failed) }
            if entry.tally.delivered > 0 { html += rect("delivered", x, base - failed - delivered, barWidth, delivered) }
            if entry.hour % 3 == 0 {
                html += "<text x=\"\(format(x + barWidth / 2))\" y=\"\(Self.height - 5)\" text-anchor=\"middle\">\(String(format: "%02d", entry.hour))</text>"
            }
            html += "</g>\n"
        }
        return html + "</svg></figure>\n"
    }

    private func rect(_ kind: String, _ x: Double, _ y: Double, _ width: Double, _ height: Double) -> String {
        "<rect class=\"\(kind)\" x=\"\(format(x))\" y=\"\(format(y))\" width=\"\(format(width))\" height=\"\(format(height))\"/>"
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
