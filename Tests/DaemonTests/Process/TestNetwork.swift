import Foundation
import GatewaySimulator

#if canImport(Glibc)
import Glibc
#endif

/// A network namespace of the test's own, joined to this one by veth pairs
/// (`10.231.N.1` on this side, `10.231.N.2` inside, one N per pair), and TCP
/// forwarders (socat) from a pair's address here to loopback services: a daemon
/// run inside reaches PostgreSQL and its gateway only over the pairs, so taking
/// one pair's link down cuts that path as a partition does (packets lost, no
/// reset), and bringing it up reconnects it. Needs root, `ip` and `socat`;
/// everything is removed by `remove`.
final class TestNetwork: @unchecked Sendable {
    static let ip = "/usr/sbin/ip"
    static let socat = "/usr/bin/socat"
    static var available: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: ip) && FileManager.default.isExecutableFile(atPath: socat)
    }

    /// One veth pair: its address on this side and its link here.
    struct Pair {
        var hostAddress: String
        fileprivate var hostLink: String
    }

    let name: String
    /// The first pair's N; later pairs count up from it.
    private let base = Int.random(in: 1...240)
    private var pairs: [Pair] = []
    private var forwarders: [Process] = []

    init() throws {
        name = "bdtest\(getpid() % 10_000)x\(Int.random(in: 1...9999))"
        try Self.run(["netns", "add", name])
        do {
            try Self.run(["netns", "exec", name, Self.ip, "link", "set", "lo", "up"])
        } catch {
            remove()
            throw error
        }
    }

    /// A new pair between here and inside.
    func pair() throws -> Pair {
        let index = base + pairs.count
        let tag = "\(getpid() % 10_000)x\(index)"
        let pair = Pair(hostAddress: "10.231.\(index).1", hostLink: "bdh" + tag)
        let inside = "bdn" + tag
        try Self.run(["link", "add", pair.hostLink, "type", "veth", "peer", "name", inside])
        pairs.append(pair)
        try Self.run(["link", "set", inside, "netns", name])
        try Self.run(["addr", "add", pair.hostAddress + "/30", "dev", pair.hostLink])
        try Self.run(["link", "set", pair.hostLink, "up"])
        try Self.run(["netns", "exec", name, Self.ip, "addr", "add", "10.231.\(index).2/30", "dev", inside])
        try Self.run(["netns", "exec", name, Self.ip, "link", "set", inside, "up"])
        return pair
    }

    /// What a daemon runs under to be inside.
    var prefix: [String] { [Self.ip, "netns", "exec", name] }

    /// `pair.hostAddress:port` forwarded to `127.0.0.1:target` until `remove`; returns `port`.
    func forward(to target: Int, over pair: Pair) throws -> Int {
        let port = try FreePort.pick()
        let process = Process()
        // setsid: socat and the children it forks per connection are one group, stopped together.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = [Self.socat, "TCP-LISTEN:\(port),bind=\(pair.hostAddress),reuseaddr,fork", "TCP:127.0.0.1:\(target)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        forwarders.append(process)
        // Listening before the caller connects (bounded).
        let deadline = Date().addingTimeInterval(5)
        while !Self.connects(host: pair.hostAddress, port: port), Date() < deadline { usleep(20_000) }
        return port
    }

    /// The partition: the pair's link down on this side; packets are lost, nothing is reset.
    func cut(_ pair: Pair) throws { try Self.run(["link", "set", pair.hostLink, "down"]) }

    func heal(_ pair: Pair) throws { try Self.run(["link", "set", pair.hostLink, "up"]) }

    func remove() {
        for forwarder in forwarders where forwarder.isRunning { kill(-forwarder.processIdentifier, SIGKILL) }
        forwarders.removeAll()
        // Deleting the namespace deletes the inside ends, and with them the pairs.
        try? Self.run(["netns", "del", name])
        for pair in pairs { try? Self.run(["link", "del", pair.hostLink]) }
        pairs.removeAll()
    }

    private static func connects(host: String, port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr(host)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let result = try ToolRun.run(ip, arguments)
        guard result.status == 0 else { throw HarnessError("ip \(arguments.joined(separator: " ")): \(result.output)") }
        return result.output
    }
}
