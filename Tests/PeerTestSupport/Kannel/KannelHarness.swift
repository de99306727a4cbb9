import Foundation
import GatewaySimulator

/// A real Kannel on loopback: bearerbox, smsbox with a sendsms user, and Kannel's
/// own `fakesmsc` as the SMSC, which prints every message bearerbox hands it.
/// Ports are picked free at start; everything is killed in `stop()`.
///
/// With `replyURL`, smsbox's catch-all service fetches it for every message a
/// phone sends (an MO), the way an operator points Kannel at broadcastd's report
/// listener; `reply` is an MO fakesmsc sends once connected, in its
/// `sender receiver text|ucs2 msgdata` form.
final class KannelHarness: @unchecked Sendable {
    static let bearerbox = "/usr/sbin/bearerbox"
    static let smsbox = "/usr/sbin/smsbox"
    static let fakeSMSC = "/usr/lib/kannel/test/fakesmsc"
    static var isInstalled: Bool {
        [bearerbox, smsbox, fakeSMSC].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    let username = "broadcastd"
    let password = "kannel-test-password"
    let sendSMSPort: Int
    private let directory: URL
    private let processes: PeerProcesses
    private let received = ReceivedMessages(parse: FakeSMSCMessage.init(line:),
                                            isConnection: { $0.contains("Connecting to") })
    private let replyURL: String?
    private let reply: String?

    init(replyURL: String? = nil, reply: String? = nil) throws {
        self.replyURL = replyURL
        self.reply = reply
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kannel-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("spool"), withIntermediateDirectories: true)
        processes = PeerProcesses(directory: directory)
        sendSMSPort = try FreePort.pick()
    }

    var sendSMSURL: String { "http://127.0.0.1:\(sendSMSPort)/cgi-bin/sendsms" }

    func start() async throws {
        let adminPort = try FreePort.pick()
        let boxPort = try FreePort.pick()
        let smscPort = try FreePort.pick()
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

        group = smsc
        smsc = fake
        smsc-id = fake
        port = \(smscPort)
        connect-allow-ip = 127.0.0.1

        group = smsbox
        bearerbox-host = 127.0.0.1
        bearerbox-port = \(boxPort)
        sendsms-port = \(sendSMSPort)
        sendsms-interface = 127.0.0.1
        mo-recode = true
        log-level = 1

        group = sendsms-user
        username = \(username)
        password = \(password)
        max-messages = 3
        concatenation = true

        group = sms-service
        keyword = default
        \(replyURL.map { "get-url = \"\($0)\"\nmax-messages = 0" } ?? "text = \"ok\"")
        catch-all = true

        """
        let path = directory.appendingPathComponent("kannel.conf")
        try configuration.write(to: path, atomically: true, encoding: .utf8)

        try processes.launch(Self.bearerbox, [path.path])
        try await Loopback.waitForListener(port: boxPort)
        try await Loopback.waitForListener(port: smscPort)
        try processes.launch(Self.smsbox, [path.path])
        let received = received
        try processes.launch(Self.fakeSMSC, ["-H", "127.0.0.1", "-r", String(smscPort), "-m", reply == nil ? "0" : "1",
                                   reply ?? "1 2 text unused"], output: .reader { received.consume($0) })
        try await Loopback.waitForListener(port: sendSMSPort)
        try await received.waitForConnection()
    }

    /// The next message the fake SMSC received, decoded; nil after `timeout`.
    func nextMessage(timeout: Duration = .seconds(20)) async -> FakeSMSCMessage? {
        await received.next(timeout: timeout)
    }

    /// Killed rather than stopped: bearerbox's graceful shutdown waits for its boxes
    /// and the SMSC link, and the spool is thrown away anyway.
    func stop() {
        processes.killAll()
        try? FileManager.default.removeItem(at: directory)
    }
}
