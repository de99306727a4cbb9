import Foundation
import LineLanguage
import Loading
import Plan

/// How long `check` and plan expansion take on a large generated campaign,
/// next to the least any loader must do: read the same files and split them
/// into lines. The ratios say how far the language's cost is above plain I/O.
public struct ScheduleBenchmark: Sendable {
    public var messages: Int
    public var regions: Int
    /// Each step runs this often; the fastest run counts (the others met background load).
    public var runs: Int

    public init(messages: Int = 10_000, regions: Int = 111, runs: Int = 3) {
        precondition(messages >= 1 && regions >= 2 && runs >= 1, "a campaign needs a message and a root with one region under it")
        self.messages = messages
        self.regions = regions
        self.runs = runs
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var benchmark: ScheduleBenchmark
        public var files = 0
        public var bytes = 0
        public var lines = 0
        public var entries = 0
        public var baseline: Double = 0
        public var check: Double = 0
        public var expansion: Double = 0

        public var description: String {
            func row(_ label: String, _ seconds: Double) -> String {
                label + String(format: "%8.3f s  %7.1f× baseline", seconds, baseline > 0 ? seconds / baseline : 0)
            }
            return [
                "campaign:  \(benchmark.messages) messages over \(benchmark.regions) regions, 3 months; \(files) files, \(bytes / 1024) KiB, \(lines) lines",
                "runs:      fastest of \(benchmark.runs)",
                row("baseline:  read + split lines   ", baseline),
                row("check:     CampaignLoader.load  ", check),
                row("expansion: forEachEntry         ", expansion) + "  (\(entries) entries)",
            ].joined(separator: "\n")
        }
    }

    public func run() throws -> Report {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-schedule-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try write(in: folder)
        let schedule = files[0]
        var report = Report(benchmark: self, files: files.count)

        report.baseline = fastest {
            var lines: [String] = []
            var bytes = 0
            for file in files {
                let data = [UInt8](FileManager.default.contents(atPath: file) ?? Data())
                bytes += data.count
                Self.splitLines(data, into: &lines)
            }
            report.lines = lines.count
            report.bytes = bytes
        }
        var load: CampaignLoad?
        report.check = fastest { load = CampaignLoader.load(schedulePaths: [schedule], configuration: nil) }
        guard let load, let plan = load.campaigns.first?.plan else {
            throw GenerationError(description: "the generated schedule does not load:\n" + (load?.rendered ?? ""))
        }
        report.expansion = fastest {
            var entries = 0
            plan.forEachEntry { _ in entries += 1 }
            report.entries = entries
        }
        return report
    }

    struct GenerationError: Error, CustomStringConvertible {
        var description: String
    }

    /// The least a line-oriented loader does: one `String` per line, decoded from UTF-8.
    static func splitLines(_ bytes: [UInt8], into lines: inout [String]) {
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            for index in buffer.indices where buffer[index] == UInt8(ascii: "\n") {
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self))
                start = index + 1
            }
            if start < buffer.count {
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start...]), as: UTF8.self))
            }
        }
    }

    private func fastest(_ body: () -> Void) -> Double {
        (0..<runs).map { _ in
            let start = ContinuousClock.now
            body()
            let elapsed = ContinuousClock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }.min() ?? 0
    }

    // MARK: The generated campaign

    /// Writes the schedule, its regions file and one recipient list per region;
    /// returns every path, the schedule first.
    func write(in folder: URL) throws -> [String] {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("recipients"), withIntermediateDirectories: true)
        var random = SeededGenerator(seed: 2021)
        let paths = regionPaths()
        var files: [(name: String, text: String)] = [
            ("bench.schedule", scheduleText(paths: paths, random: &random)),
            ("bench.regions", regionsText(paths: paths)),
        ]
        for (index, _) in paths.enumerated() {
            let numbers = (0..<3 + index % 3).map { "1380\(String(format: "%03d", index % 1000))\(String(format: "%04d", $0))" }
            files.append(("recipients/r\(index).txt", "# synthetic benchmark numbers\n" + numbers.joined(separator: "\n") + "\n"))
        }
        return try files.map { file in
            let url = folder.appendingPathComponent(file.name)
            try Data(file.text.utf8).write(to: url)
            return url.path
        }
    }

    /// A root, ten cities under it, and counties shared out among the cities.
    func regionPaths() -> [String] {
        let cities = min(10, regions - 1)
        var paths = ["bench"] + (0..<cities).map { "bench/c\($0)" }
        for county in 0..<(regions - 1 - cities) { paths.append("bench/c\(county % cities)/k\(county)") }
        return paths
    }

    func regionsText(paths: [String]) -> String {
        var out = "# generated by broadcastd-bench schedule\n"
        for (index, path) in paths.enumerated() {
            out += "region \(path) 区域\(index)\n    sms recipients/r\(index).txt\n    set station 第\(index)派出所\n"
        }
        return out
    }

    /// Messages cycle through the recurrence forms and reach one region, a city
    /// with its counties, or the whole province, most often the narrow ones.
    func scheduleText(paths: [String], random: inout SeededGenerator) -> String {
        var out = """
            # generated by broadcastd-bench schedule
            campaign bench 基准测试
                starts      2021-02-09
                lasts       3 months
                timezone    Asia/Shanghai
                quiet       21:30-08:00 for sms
                signature   【江西公安】
                sms-gateway bench-gateway
                set hotline 96110

            include bench.regions

            """
        let cities = paths.filter { $0.split(separator: "/").count == 2 }
        let forms = [
            "at      2021-03-%02d %02d:%02d",
            "every   day %02d:%02d\n    from    2021-03-%02d\n    until   2021-03-14",
            "every   monday %02d:%02d",
            "every   weekday %02d:%02d\n    from    2021-04-%02d\n    until   2021-04-16",
            "every   2 weeks on friday %02d:%02d",
            "every   month on 1, 15 %02d:%02d",
            "every   10 days %02d:%02d",
        ]
        for index in 0..<messages {
            let hour = Int.random(in: 8...20, using: &random)
            let minute = [0, 15, 30, 45][Int.random(in: 0...3, using: &random)]
            let day = Int.random(in: 1...9, using: &random)
            let form = forms[index % forms.count]
            let when = form.hasPrefix("at") ? String(format: form, day, hour, minute)
                : form.contains("from") ? String(format: form, hour, minute, day) : String(format: form, hour, minute)
            let reach = Int.random(in: 0..<20, using: &random)
            let to = reach == 0 ? "bench/**"
                : reach < 6 ? { let city = cities[Int.random(in: 0..<cities.count, using: &random)]; return "\(city), \(city)/*" }()
                : paths[Int.random(in: 1..<paths.count, using: &random)]
            out += """

                message m\(index)
                    \(when)
                    to      \(to)
                    via     sms
                    sms     第\(index)条提醒：{station}提示您，公检法不会电话要求转账，接到{hotline}来电请务必接听。

                """
        }
        return out
    }
}
