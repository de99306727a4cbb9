#if canImport(Glibc)
import Glibc
#endif

/// One daemon instance on a shared outbox (PostgreSQL), as `status` lists it:
/// its own row in the outbox's membership, and the leases it holds.
public struct InstanceRecord: Hashable, Sendable {
    /// Its generation: fences its leases, and names it in `status`.
    public var generation: Int64
    public var host: String
    public var pid: Int32?
    public var startedAt: Int64?
    /// Set on a graceful stop; nil while running or after a crash.
    public var stoppedAt: Int64?
    /// When it last wrote its heartbeat, on its own clock; nil before its start.
    public var heartbeatAt: Int64?
    /// Deliveries leased to it now: in flight, or about to be.
    public var leased: Int64

    public init(generation: Int64, host: String, pid: Int32?, startedAt: Int64?, stoppedAt: Int64?, heartbeatAt: Int64?,
                leased: Int64) {
        self.generation = generation
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.stoppedAt = stoppedAt
        self.heartbeatAt = heartbeatAt
        self.leased = leased
    }

    /// This machine's name as an instance records it (`gethostname`); nil when it cannot be read.
    public static var localHost: String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
