import Foundation
import GatewaySimulator

/// A real Kannel on loopback: bearerbox, smsbox with sendsms users, and Kannel's
/// own `fakesmsc` playing each SMSC, which prints every message bearerbox hands it.
/// Ports are picked free at start; everything is killed in `stop()`.
///
/// By default one SMSC (`fake`) and one user. With several `smscs`, each is a
/// `smsc = fake` group with its own `allowed-prefix` and its own fakesmsc, and
/// each user may be held to one of them (`forced-smsc`), the way one Kannel
/// carries several carriers' links and an application picks the link by user.
///
/// With `replyURL`, smsbox's catch-all service fetches it for every message a
/// phone sends (an MO), the way an operator points Kannel at broadcastd's report
/// listener; `reply` is an MO the first fakesmsc sends once connected, in its
/// `sender receiver text|ucs2 msgdata` form.
public final class KannelHarness: @unchecked Sendable {
    public static let bearerbox = "/usr/sbin/bearerbox"
    public static let smsbox = "/usr/sbin/smsbox"
    public static let fakeSMSC = "/usr/lib/kannel/test/fakesmsc"
    public static var isInstalled: Bool {
        [bearerbox, smsbox, fakeSMSC].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// One `smsc = fake` group: its `smsc-id` and, when not empty, the `allowed-prefix`
    /// numbers must start with (as sent, e.g. `+86138`) for bearerbox to route them to it.
    public struct SMSC: Sendable {
        public var id: String
        public var allowedPrefixes: [String]

        public init(id: String, allowedPrefixes: [String] = []) {
            self.id = id
            self.allowedPrefixes = allowedPrefixes
        }
    }

    /// A `sendsms-user`; with `smsc`, its messages go to that SMSC or nowhere (`forced-smsc`).
    public struct User: Sendable {
        public var username: String
        public var password: String
        public var smsc: String?

        public init(username: String, password: String = "kannel-test-password", smsc: String? = nil) {
            self.username = username
            self.password = password
            self.smsc = smsc
        }
    }

    public let smscs: [SMSC]
    public let users: [User]
    /// The first user's, for tests with one.
    public var username: String { users[0].username }
    public var password: String { users[0].password }
    public let sendSMSPort: Int
    private let directory: URL
    private let processes: PeerProcesses
    private let received: [String: ReceivedMessages<FakeSMSCMessage>]
    private let replyURL: String?
    private let reply: String?

    public init(replyURL: String? = nil, reply: String? = nil, smscs: [SMSC] = [SMSC(id: "fake")],
                users: [User] = [User(username: "broadcastd")]) throws {
        precondition(!smscs.isEmpty && !users.isEmpty, "a Kannel needs an SMSC and a user")
        self.replyURL = replyURL
        self.reply = reply
        self.smscs = smscs
        self.users = users
        received = Dictionary(uniqueKeysWithValues: smscs.map {
            ($0.id, ReceivedMessages(parse: FakeSMSCMessage.init(line:), isConnection: { $0.contains("Connecting to") }))
        })
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kannel-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("spool"), withIntermediateDirectories: true)
        processes = PeerProcesses(directory: directory)
        sendSMSPort = try FreePort.pick()
    }

    public var sendSMSURL: String { "http://127.0.0.1:\(sendSMSPort)/cgi-bin/sendsms" }

    public func start() async throws {
        let adminPort = try FreePort.pick()
        let boxPort = try FreePort.pick()
        let smscPorts = try smscs.map { _ in try FreePort.pick() }
        // A message's smsc-id (a user's `forced-smsc`) only keeps it off SMSCs with an
        // `allowed-smsc-id`: without one, bearerbox would route it to any SMSC whose prefixes match.
        let forced = Set(users.compactMap(\.smsc))
        let smscGroups = zip(smscs, smscPorts).map { smsc, port in
            var lines = ["group = smsc", "smsc = fake", "smsc-id = \(smsc.id)", "port = \(port)", "connect-allow-ip = 127.0.0.1"]
            if !smsc.allowedPrefixes.isEmpty { lines.append("allowed-prefix = \"\(smsc.allowedPrefixes.joined(separator: ";"))\"") }
            if forced.contains(smsc.id) { lines.append("allowed-smsc-id = \(smsc.id)") }
            return lines.joined(separator: "\n") + "\n\n"
        }
        let userGroups = users.map { user in
            var lines = ["group = sendsms-user", "username = \(user.username)", "password = \(user.password)",
                         "max-messages = 3", "concatenation = true"]
            if let smsc = user.smsc { lines.append("forced-smsc = \(smsc)") }
            return lines.joined(separator: "\n") + "\n\n"
        }
        let configuration = """
        group = core
        admin-port = \(adminPort)
        admin-password = \(UUID().uuidString)
        admin-interface = 127.0.0.1
        smsbox-port = \(boxPort)
        box-allow-ip = 127.0.0.1
        store-type = spool
        store-location = \(directory.appendingPathComponent("spool").path)
        log-level = 1

        \(smscGroups.joined())group = smsbox
        bearerbox-host = 127.0.0.1
        bearerbox-port = \(boxPort)
        sendsms-port = \(sendSMSPort)
        sendsms-interface = 127.0.0.1
        mo-recode = true
        log-level = 1

        \(userGroups.joined())group = sms-service
        keyword = default
        \(replyURL.map { "get-url = \"\($0)\"\nmax-messages = 0" } ?? "text = \"ok\"")
        catch-all = true

        """
        let path = directory.appendingPathComponent("kannel.conf")
        try configuration.write(to: path, atomically: true, encoding: .utf8)

        try processes.launch(Self.bearerbox, [path.path])
        try await Loopback.waitForListener(port: boxPort)
        for port in smscPorts { try await Loopback.waitForListener(port: port) }
        try processes.launch(Self.smsbox, [path.path])
        for (index, (smsc, port)) in zip(smscs, smscPorts).enumerated() {
            let received = received[smsc.id]!
            let mo = index == 0 ? reply : nil
            try processes.launch(Self.fakeSMSC, ["-H", "127.0.0.1", "-r", String(port), "-m", mo == nil ? "0" : "1",
                                                 mo ?? "1 2 text unused"], output: .reader { received.consume($0) })
        }
        try await Loopback.waitForListener(port: sendSMSPort)
        for smsc in smscs { try await received[smsc.id]!.waitForConnection() }
    }

    /// The next message the first SMSC received, decoded; nil after `timeout`.
    public func nextMessage(timeout: Duration = .seconds(20)) async -> FakeSMSCMessage? {
        await nextMessage(at: smscs[0].id, timeout: timeout)
    }

    /// The next message the SMSC with this id received, decoded; nil after `timeout`.
    public func nextMessage(at smsc: String, timeout: Duration = .seconds(20)) async -> FakeSMSCMessage? {
        await received[smsc]?.next(timeout: timeout)
    }

    /// Killed rather than stopped: bearerbox's graceful shutdown waits for its boxes
    /// and the SMSC link, and the spool is thrown away anyway.
    public func stop() {
        processes.killAll()
        try? FileManager.default.removeItem(at: directory)
    }
}
