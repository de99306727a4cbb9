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

    /// Runs `executable arguments` to its end and returns its peak resident bytes (getrusage's ru_maxrss).
    static func peakResidentBytes(running executable: String, arguments: [String]) throws -> Int {
        var fileActions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &fileActions, nil, argv, environ)
        guard spawned == 0 else { throw Unreadable(description: "cannot run \(executable): error \(spawned)") }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { throw Unreadable(description: "wait4 failed: errno \(errno)") }
        return usage.ru_maxrss * 1024
    }
}
