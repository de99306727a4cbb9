import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The real `broadcastd` holding the shipped example (the whole chunfeng
/// campaign) at a quiet moment: CPU seconds and resident memory over an idle
/// window after READY=1, next to the peak memory of a trivial process
/// (`broadcastctl --help`) measured in the same run.
public struct IdleBenchmark: Sendable {
    /// The shipped `config/` folder; copied, so its state is untouched.
    public var configFolder: String
    public var seconds: Int
    /// Mid-campaign, with no occurrence within the catch-up hour before it nor for well over a minute after.
    public var pretendNow: String

    public init(configFolder: String = "config", seconds: Int = 10, pretendNow: String = "2021-03-03T03:00:00+08:00") {
        self.configFolder = configFolder
        self.seconds = seconds
        self.pretendNow = pretendNow
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var benchmark: IdleBenchmark
        public var messages: String = ""
        public var cpuSeconds = 0.0
        public var residentBytes = 0
        public var peakResidentBytes = 0
        public var baselinePeakBytes = 0
        public var exitStatus: Int32?

        public var memoryRatio: Double { baselinePeakBytes > 0 ? Double(residentBytes) / Double(baselinePeakBytes) : 0 }

        public var description: String {
            [
                "daemon:    broadcastd on \(benchmark.configFolder)/broadcastd.conf (copied), pretend-now \(benchmark.pretendNow)\(messages)",
                "idle:      \(String(format: "%.3f", cpuSeconds)) s CPU over \(benchmark.seconds) s after READY=1 (aim < 0.1 s)",
                "memory:    \(Self.megabytes(residentBytes)) resident at the end, \(Self.megabytes(peakResidentBytes)) peak (aim < 50 MB)",
                "baseline:  \(Self.megabytes(baselinePeakBytes)) peak for `broadcastctl --help`; daemon/baseline \(String(format: "%.1f", memoryRatio))×",
                "daemon:    SIGTERM → " + (exitStatus.map { "exit \($0)" } ?? "did not exit in time, killed"),
            ].joined(separator: "\n")
        }

        private static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    public func run() throws -> Report {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broadcastd-idle-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try copyConfig(into: folder)

        var report = Report(benchmark: self)
        let daemon = try BenchDaemon(config: config, pretendNow: pretendNow, folder: folder)
        do {
            let start = try ProcessUsage.sample(pid: daemon.pid)
            Thread.sleep(forTimeInterval: Double(seconds))
            let end = try ProcessUsage.sample(pid: daemon.pid)
            report.cpuSeconds = end.cpuSeconds - start.cpuSeconds
            report.residentBytes = end.residentBytes
            report.peakResidentBytes = end.peakResidentBytes
            report.messages = Self.readyLine(in: daemon.logTail(20_000))
        } catch {
            daemon.stop()
            throw Failure(description: "\(error); broadcastd's log ends:\n\(daemon.logTail())")
        }
        report.exitStatus = daemon.stop()
        report.baselinePeakBytes = try ProcessUsage.peakResidentBytes(running: Self.broadcastctl(), arguments: ["--help"])
        return report
    }

    /// Copies the config folder and gives the secrets the 0600 the daemon insists on (git does not keep it).
    func copyConfig(into folder: URL) throws -> String {
        let source = URL(fileURLWithPath: configFolder)
        let copy = folder.appendingPathComponent("config")
        guard FileManager.default.fileExists(atPath: source.appendingPathComponent("broadcastd.conf").path) else {
            throw Failure(description: "\(configFolder)/broadcastd.conf not found: run from the repository root or pass --config-folder")
        }
        try FileManager.default.copyItem(at: source, to: copy)
        let secrets = copy.appendingPathComponent("secrets")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: secrets.path)) ?? [] {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secrets.appendingPathComponent(name).path)
        }
        return copy.appendingPathComponent("broadcastd.conf").path
    }

    /// `, campaigns: …` from the daemon's "broadcastd ready" log line, when it logged one.
    static func readyLine(in log: String) -> String {
        guard let line = log.split(separator: "\n").first(where: { $0.contains("broadcastd ready") }),
              let range = line.range(of: "campaigns")
        else { return "" }
        let summary = line[range.lowerBound...]
        // The pid that follows is this run's alone.
        return ", " + (summary.range(of: " pid=").map { summary[..<$0.lowerBound] } ?? summary)
    }

    /// `broadcastctl` next to the running `broadcastd-bench`: the baseline is the operator's tool, as before.
    static func broadcastctl() -> String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("broadcastctl").path
    }
}
