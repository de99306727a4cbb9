import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A process's CPU time and memory as Linux's /proc reports them.
struct ProcessUsage: Sendable, Equatable {
    /// User plus system CPU seconds since it started.
    var cpuSeconds: Double
    /// Resident memory now (VmRSS), bytes.
    var residentBytes: Int
    /// Peak resident memory (VmHWM), bytes.
    var peakResidentBytes: Int

    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    static func sample(pid: Int32) throws -> ProcessUsage {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        else { throw Unreadable(description: "/proc/\(pid) is not readable (has the process exited?)") }
        return try parse(stat: stat, status: status, ticksPerSecond: Int(sysconf(Int32(_SC_CLK_TCK))))
    }

    /// `stat`'s utime and stime (fields 14 and 15, in clock ticks) and `status`'s VmRSS and VmHWM (kB).
    static func parse(stat: String, status: String, ticksPerSecond: Int) throws -> ProcessUsage {
        // The command name (field 2) is in parentheses and may hold spaces or ')'.
        guard let close = stat.lastIndex(of: ")") else { throw Unreadable(description: "no command name in /proc stat") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the name, field 3 (state) is fields[0]; utime (14) and stime (15) follow.
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]), ticksPerSecond > 0 else {
            throw Unreadable(description: "unexpected /proc stat layout")
        }
        guard let resident = kilobytes("VmRSS:", in: status), let peak = kilobytes("VmHWM:", in: status) else {
            throw Unreadable(description: "no VmRSS/VmHWM in /proc status")
        }
        return ProcessUsage(cpuSeconds: Double(user + system) / Double(ticksPerSecond),
                            residentBytes: resident * 1024, peakResidentBytes: peak * 1024)
    }

    private static func kilobytes(_ key: String, in status: String) -> Int? {
        status.split(separator: "\n").first { $0.hasPrefix(key) }
            .flatMap { $0.dropFirst(key.count).split(whereSeparator: \.isWhitespace).first }
            .flatMap { Int($0) }
    }

    /// Runs `executable arguments` to its end under GNU time and returns its peak resident bytes.
    ///
    /// Not our own wait4: a child spawned from this (large) process inherits this
    /// process's high-water mark into its ru_maxrss across exec; GNU time forks it
    /// from a small process, so the figure is the command's own.
    static func peakResidentBytes(running executable: String, arguments: [String],
                                  timePath: String = "/usr/bin/time") throws -> Int {
        guard FileManager.default.isExecutableFile(atPath: timePath) else {
            throw Unreadable(description: "\(timePath) not found (apt-get install time)")
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("broadcastd-maxrss-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: timePath)
        process.arguments = ["-f", "%M", "-o", output.path, executable] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        // The last line: GNU time puts "Command exited with non-zero status" lines first.
        guard let kilobytes = text.split(separator: "\n").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
            throw Unreadable(description: "\(timePath) reported no peak memory")
        }
        return kilobytes * 1024
    }
}
