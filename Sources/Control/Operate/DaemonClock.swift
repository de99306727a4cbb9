import Foundation
import Outbox

/// A daemon started with `broadcastd --pretend-now` (a rehearsal, the quick
/// start on the 2021 example) writes every time on its own shifted clock, so
/// status must read the outbox on that clock too, or a live daemon looks dead
/// and every rate is zero. The shift is the daemon's recorded start time minus
/// the wall-clock time its process started.
enum DaemonClock {
    /// Shifts smaller than this are clock noise, not a pretend clock.
    static let tolerance: Int64 = 120

    /// Seconds to add to the wall clock to read the daemon's clock: 0 unless a
    /// running daemon's start time differs from its process's by more than the tolerance.
    static func offset(of record: DaemonRecord?, processStart: (Int32) -> Int64?) -> Int64 {
        guard let record, record.stoppedAt == nil, let started = processStart(record.pid) else { return 0 }
        let offset = record.startedAt - started
        return abs(offset) > tolerance ? offset : 0
    }

    static func wallClock() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// Now on the clock of the daemon using `outbox`: what controls stamp (a
    /// retried delivery is due "now" for the daemon) and what `--since 1h` counts back from.
    static func now(reading outbox: any MembershipOutbox, wallClock: Int64 = DaemonClock.wallClock(),
                    processExists: (Int32) -> Bool = DaemonStatus.processExists,
                    processStart: (Int32) -> Int64? = DaemonClock.processStart) async throws -> Int64 {
        now(record: try await outbox.daemonRecord(), wallClock: wallClock, processExists: processExists, processStart: processStart)
    }

    /// `now(reading:)` for a record already read (inside a status snapshot).
    static func now(record: DaemonRecord?, wallClock: Int64,
                    processExists: (Int32) -> Bool = DaemonStatus.processExists,
                    processStart: (Int32) -> Int64? = DaemonClock.processStart) -> Int64 {
        guard let record, processExists(record.pid) else { return wallClock }
        return wallClock + offset(of: record, processStart: processStart)
    }

    /// When process `pid` started, seconds since 1970, from Linux's /proc; nil
    /// elsewhere, or when the process is not a broadcastd (its pid was reused).
    static func processStart(_ pid: Int32) -> Int64? {
        guard pid > 0,
              let name = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8),
              name.trimmingCharacters(in: .whitespacesAndNewlines) == "broadcastd",
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let boot = bootTime() else { return nil }
        return startTime(stat: stat, bootTime: boot, ticksPerSecond: Int64(sysconf(Int32(_SC_CLK_TCK))))
    }

    /// Field 22 of /proc/PID/stat is the start in clock ticks after boot; the
    /// command name (field 2) may hold blanks and parentheses, so count from its last ')'.
    static func startTime(stat: String, bootTime: Int64, ticksPerSecond: Int64) -> Int64? {
        guard ticksPerSecond > 0, let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the name: field 3 (state) is fields[0], so field 22 is fields[19].
        guard fields.count > 19, let ticks = Int64(fields[19]) else { return nil }
        return bootTime + ticks / ticksPerSecond
    }

    private static func bootTime() -> Int64? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        return stat.split(separator: "\n").first { $0.hasPrefix("btime ") }.flatMap { Int64($0.dropFirst(6)) }
    }
}
