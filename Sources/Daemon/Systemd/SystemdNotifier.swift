#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The sd_notify protocol without libsystemd: one datagram per state change to
/// the socket named by `$NOTIFY_SOCKET`. Outside systemd (no socket) every call
/// is a no-op, so the daemon runs the same in a terminal and under a unit.
public struct SystemdNotifier: Sendable {
    /// A filesystem path, or an abstract socket name written with a leading `@`.
    public let socketPath: String?
    /// How often systemd wants `WATCHDOG=1`: half of `WatchdogSec=`, as sd_watchdog_enabled advises.
    public let watchdogInterval: Duration?

    public init(environment: [String: String]) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        let pidMatches = environment["WATCHDOG_PID"].map { $0 == String(getpid()) } ?? true
        if path != nil, pidMatches, let text = environment["WATCHDOG_USEC"], let micros = Int64(text), micros > 0 {
            watchdogInterval = .microseconds(micros / 2)
        } else {
            watchdogInterval = nil
        }
    }

    /// `READY=1` once the outbox is open and the schedule loaded.
    public func ready(status: String) { send(["READY=1", "STATUS=\(status)"]) }

    /// `RELOADING=1` with the monotonic time systemd 253+ expects; older versions ignore the extra field.
    public func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let micros = Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
        send(["RELOADING=1", "MONOTONIC_USEC=\(micros)"])
    }

    public func stopping() { send(["STOPPING=1"]) }

    public func status(_ line: String) { send(["STATUS=\(line)"]) }

    /// Only when `WatchdogSec=` asked for it (`WATCHDOG_USEC` set for this process).
    public func watchdog() {
        if watchdogInterval != nil { send(["WATCHDOG=1"]) }
    }

    /// Best effort and never blocking: a lost notification must not stall the
    /// daemon (a full socket queue would block a plain send), and systemd
    /// notices a missing READY=1 by its own timeout.
    @discardableResult
    public func send(_ assignments: [String]) -> Bool {
        guard let socketPath, !socketPath.isEmpty else { return false }
        let payload = assignments.map { $0.replacingNewlines() }.joined(separator: "\n")
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }

        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + pathBytes.count)
        let sent = payload.withCString { text in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    sendto(descriptor, text, strlen(text), Int32(MSG_NOSIGNAL | MSG_DONTWAIT), socketAddress, length)
                }
            }
        }
        return sent >= 0
    }
}

private extension String {
    /// STATUS= is one line; a newline would start a bogus assignment.
    func replacingNewlines() -> String {
        String(map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
