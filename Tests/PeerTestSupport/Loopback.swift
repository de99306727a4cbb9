import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Waiting for a real peer started by a test (Kannel, RabbitMQ, Jasmin) to listen.
public enum Loopback {
    /// Such peers give no readiness signal a test can hold, so the event waited for
    /// is their port accepting a connection, polled until `within` runs out.
    public static func waitForListener(port: Int, within: Duration = .seconds(15)) async throws {
        let deadline = ContinuousClock.now + within
        while ContinuousClock.now < deadline {
            if accepts(port: port) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw LoopbackError.notListening(port: port, within: within)
    }

    public static func accepts(port: Int) -> Bool {
        guard let descriptor = connect(port: port) else { return false }
        close(descriptor)
        return true
    }

    /// A TCP connection to 127.0.0.1:`port`, as a descriptor the caller closes; nil when refused.
    public static func connect(port: Int) -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        if connected { return descriptor }
        close(descriptor)
        return nil
    }
}

public enum LoopbackError: Error, CustomStringConvertible {
    case notListening(port: Int, within: Duration)

    public var description: String {
        switch self {
        case .notListening(let port, let within):
            "nothing listened on 127.0.0.1:\(port) within \(within); see the peer's log in its temporary folder"
        }
    }
}
