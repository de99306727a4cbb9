import Rehearsal
import TextFormat

/// `rehearse --html FILE`: one self-contained page a planner can mail, open
/// offline and print. Inline CSS and SVG only (nothing is loaded from the
/// network): the warnings first, then the calendar heat map, each day's sends
/// per gateway against what it can carry, and the per-occurrence table the
/// text report prints. The figures are the text report's.
enum RehearsalHTMLReport {
    static func write(_ rehearsal: Rehearsal, title: String, costs: RehearsalCosts, to output: inout some TextOutputStream) {
        let calendar = RehearsalCalendar(rehearsal)
        output.write("""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <title>\(HTMLText.escaped(title)) · rehearsal</title>
            <style>\(style)</style></head><body>
            <h1>\(HTMLText.escaped(title))</h1>
            <p class="muted">\(RehearsalTextReport.headerLines(rehearsal).map(HTMLText.escaped).joined(separator: "<br>"))</p>

            """)
        let warnings = rehearsal.warnings
        output.write("<h2>Warnings</h2>\n")
        if warnings.isEmpty {
            output.write("<p class=\"ok\">None: every broadcast finishes outside quiet hours and no cap collides with a spill.</p>\n")
        } else {
            output.write("<ul class=\"warnings\">\n")
            for warning in warnings { output.write("<li>\(HTMLText.escaped(warning.description))</li>\n") }
            output.write("</ul>\n")
        }
        output.write("<h2>The quarter</h2>\n<p class=\"muted\">SMS handed to gateways each day (darker is more) "
                     + "and the busiest gateway's load. \(HTMLText.escaped(RehearsalCalendarText.legend)).</p>\n")
        output.write(RehearsalCalendarSVG.calendar(calendar) + "\n")
        output.write("<h2>Gateways, day by day</h2>\n<p class=\"muted\">Sends (retries included) against what each "
                     + "gateway can carry that day outside quiet hours; the line is 100%.</p>\n")
        output.write(RehearsalCalendarSVG.load(rehearsal.days) + "\n")
        if !rehearsal.regions.isEmpty {
            output.write("<h2>Regions</h2>\n<p class=\"muted\">People one SMS reaches in each region (one copy per "
                         + "person, the deepest region's list first; ~ marks a <code>people</code> estimate) and what "
                         + "the quarter hands to the gateways for it.</p>\n")
            output.write(regionTree(rehearsal.regions))
        }
        output.write("<h2>Every occurrence</h2>\n")
        output.write(table(RehearsalTextReport.occurrenceTable(rehearsal, costs: costs)))
        output.write("</body></html>\n")
    }

    /// The region tree as an indented table: a row per region, children under their parent.
    static func regionTree(_ regions: [RehearsalRegion]) -> String {
        let campaigns = Set(regions.map(\.campaign)).count
        var html = "<table class=\"regions\">\n<tr>" + (campaigns > 1 ? "<th>campaign</th>" : "")
            + "<th>region</th><th>path</th><th>people</th><th>SMS sent</th><th>posts</th></tr>\n"
        for region in regions {
            let people = region.people.map { (region.estimated ? "~" : "") + Display.count(Int64($0)) } ?? "–"
            html += "<tr>" + (campaigns > 1 ? "<td>\(HTMLText.escaped(region.campaign))</td>" : "")
                + "<td class=\"depth\(min(region.depth, 4))\">\(HTMLText.escaped(region.displayName))</td>"
                + "<td class=\"muted\">\(HTMLText.escaped(region.path.description))</td>"
                + "<td class=\"num\">\(people)</td><td class=\"num\">\(Display.count(Int64(region.smsSent)))</td>"
                + "<td class=\"num\">\(region.webhookPosts > 0 ? Display.count(Int64(region.webhookPosts)) : "–")</td></tr>\n"
        }
        return html + "</table>\n"
    }

    static func table(_ table: TextTable) -> String {
        var html = "<table>\n"
        if let header = table.header {
            html += "<tr>" + header.map { "<th>\(HTMLText.escaped($0))</th>" }.joined() + "</tr>\n"
        }
        for row in table.rows {
            html += "<tr>" + row.map { "<td>\(HTMLText.escaped($0))</td>" }.joined() + "</tr>\n"
        }
        return html + "</table>\n"
    }

    /// Readable on screen and on paper; CJK fonts Debian and desktops have.
    static let style = """
        body{font-family:"WenQuanYi Zen Hei","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;\
        margin:2em;color:#222;font-size:14px}h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;margin-top:1.6em}\
        .muted{color:#666}.ok{color:#2e7d32}.warnings li{margin:.4em 0;color:#b71c1c}\
        table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:2px 6px;white-space:nowrap}\
        th{background:#f0f0f0}td.num{text-align:right}.regions td.depth2{padding-left:1.5em}\
        .regions td.depth3{padding-left:3em}.regions td.depth4{padding-left:4.5em}.regions td.depth1{font-weight:bold}\
        svg{max-width:100%;height:auto}svg text{font-family:inherit}\
        @media print{body{margin:0}h2{break-after:avoid}table{font-size:9px}}
        """
}
