import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to a loopback port, for what an HTTP client will not
/// do on purpose: stay silent, or send half a request. Reads are bounded by
/// `SO_RCVTIMEO`, so a test never hangs on a server that does not answer, and
/// they block a Dispatch thread, never one of the few threads async code (the
/// listener under test included) runs on.
final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    init(port: Int, readTimeoutSeconds: Int = 20) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: readTimeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else {
            close(descriptor)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    deinit { close(descriptor) }

    /// The index of the first of `connections` the server closes (or has data on),
    /// waiting at most `timeoutMilliseconds`; nil when none did.
    static func firstReadable(_ connections: [RawConnection], timeoutMilliseconds: Int32 = 20_000) async -> Int? {
        await offThePool {
            var descriptors = connections.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
            guard poll(&descriptors, nfds_t(descriptors.count), timeoutMilliseconds) > 0 else { return nil }
            return descriptors.firstIndex { $0.revents != 0 }
        }
    }

    /// `count` connections opened off the async threads: a full accept queue makes
    /// `connect` wait, and that must not stall the listener's own tasks.
    static func open(_ count: Int, port: Int, readTimeoutSeconds: Int = 20) async throws -> [RawConnection] {
        try await offThePool {
            Result { try (0..<count).map { _ in try RawConnection(port: port, readTimeoutSeconds: readTimeoutSeconds) } }
        }.get()
    }

    /// How many of `connections` the server closed (or answered), once at least
    /// `count` of them are, or when `timeoutMilliseconds` have passed.
    static func closedCount(_ connections: [RawConnection], reaching count: Int,
                            timeoutMilliseconds: Int = 10_000) async -> Int {
        await offThePool {
            let end = DispatchTime.now() + .milliseconds(timeoutMilliseconds)
            var waiting = connections.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
            var closed = 0
            while closed < count, DispatchTime.now() < end {
                let left = Int32(max(1, (end.uptimeNanoseconds &- DispatchTime.now().uptimeNanoseconds) / 1_000_000))
                guard poll(&waiting, nfds_t(waiting.count), left) > 0 else { continue }
                closed += waiting.filter { $0.revents != 0 }.count
                waiting = waiting.filter { $0.revents == 0 }
            }
            return closed
        }
    }

    /// Sends `text` one byte at a time to each of `connections`, a byte every
    /// `interval`, until the text ends or the task is cancelled: a slow sender whose
    /// every byte comes well within an idle timeout.
    static func dribble(_ text: String, to connections: [RawConnection], every interval: Duration) async {
        for byte in text.utf8 {
            for connection in connections { connection.send(bytes: [byte]) }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }

    /// Whether the server closed the connection or sent something, without waiting.
    var hasEnded: Bool {
        var descriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    static func offThePool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: body()) }
        }
    }

    func send(_ text: String) {
        send(bytes: Array(text.utf8))
    }

    func send(bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// What the server sent until it closed the connection; nil when the read timed out first.
    func readUntilClosed() async -> String? {
        await Self.offThePool { self.blockingReadUntilClosed() }
    }

    private func blockingReadUntilClosed() -> String? {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return String(decoding: received, as: UTF8.self) }
            if count < 0 {
                if errno == EINTR { continue }
                return received.isEmpty ? nil : String(decoding: received, as: UTF8.self)
            }
            received += buffer[0..<count]
        }
    }
}
