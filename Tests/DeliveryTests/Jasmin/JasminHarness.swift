import Foundation
import GatewaySimulator

/// A real Jasmin on loopback: its own RabbitMQ (with its own epmd) and Redis,
/// `jasmind` from the venv scripts/ensure-jasmin installed, and scripts/fake-smsc
/// as the SMSC it binds to over SMPP. Everything lives in one temporary folder
/// on free ports, runs as the current user, and is killed and removed in `stop()`.
///
/// jCli configures a user, an SMPP client connector to the fake SMSC and a
/// default MT route, so a `/send` on `sendURL` ends as a submit_sm the test can read.
final class JasminHarness: @unchecked Sendable {
    static let epmd = "/usr/bin/epmd"
    static let rabbitmq = "/usr/lib/rabbitmq/bin/rabbitmq-server"
    static let redis = "/usr/bin/redis-server"

    /// Where scripts/ensure-jasmin puts its venv (the same rule as that script; change both together).
    static var venv: URL {
        let environment = ProcessInfo.processInfo.environment
        let cache = environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".cache")
        return cache.appendingPathComponent("broadcastd/jasmin")
    }
    static var python: String { venv.appendingPathComponent("bin/python").path }
    static var jasmind: String { venv.appendingPathComponent("bin/jasmind.py").path }
    static var amqpSpec: String { venv.appendingPathComponent("amqp0-9-1.xml").path }
    static let fakeSMSC = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/fake-smsc").path

    static var isInstalled: Bool {
        [epmd, rabbitmq, redis, python, jasmind, fakeSMSC].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
            && FileManager.default.fileExists(atPath: amqpSpec)
    }

    /// jasmind, unchanged, but with its lock in the folder: it locks the fixed path
    /// /tmp/jasmind, so only one runs on a machine (a system Jasmin would stop the
    /// test's) and the SIGKILL in `stop()` would leave the lock to refuse the next run.
    static let privateLock = """
        import os, runpy, sys, lockfile
        FileLock = lockfile.FileLock
        lockfile.FileLock = lambda _path, *args, **kwargs: FileLock(os.environ["JASMIND_LOCK"], *args, **kwargs)
        sys.argv = sys.argv[1:]
        runpy.run_path(sys.argv[0], run_name="__main__")
        """

    /// The fake SMSC reports every message delivered (`DELIVRD`, `err:000`) but those to this number: `UNDELIV`, `err:011`.
    static let undeliverable = "+8613800000009"

    let username = "bd-user"
    let password = "bd-pass1"
    private(set) var httpPort = 0
    let directory: URL
    private let processes: PeerProcesses
    private let submitted = ReceivedMessages(parse: SubmittedSM.init(line:),
                                             isConnection: { $0.contains(#""event": "bound""#) })

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("jasmin-\(UUID().uuidString.prefix(8))")
        for folder in ["home", "rabbitmq/mnesia", "rabbitmq/log", "redis", "jasmin/etc/resource", "jasmin/store", "jasmin/log"] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        processes = PeerProcesses(directory: directory)
    }

    var sendURL: String { "http://127.0.0.1:\(httpPort)/send" }

    /// Starts the broker, Redis and the fake SMSC side by side, then jasmind, then
    /// configures it; returns once Jasmin is bound to the SMSC. RabbitMQ's first
    /// boot dominates (10-25 s on a busy two-core machine).
    func start() async throws {
        let epmdPort = try FreePort.pick(), amqpPort = try FreePort.pick(), redisPort = try FreePort.pick()
        let smscPort = try FreePort.pick(), jcliPort = try FreePort.pick()
        httpPort = try FreePort.pick()

        try processes.launch(Self.epmd, ["-port", String(epmdPort), "-address", "127.0.0.1"], output: .log("epmd.log"))
        try await Loopback.waitForListener(port: epmdPort)
        try launchRabbitMQ(amqpPort: amqpPort, epmdPort: epmdPort, distributionPort: try FreePort.pick())
        try processes.launch(Self.redis, ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                          "--dir", path("redis")], output: .log("redis.log"))
        let submitted = submitted
        try processes.launch(Self.python, [Self.fakeSMSC, String(smscPort), "--receipt", "DELIVRD:000",
                                           "--receipt-for", "\(Self.undeliverable)=UNDELIV:011"],
                             output: .reader { submitted.consume($0) })
        try await waitForListener(port: redisPort, log: "redis.log")
        try await Loopback.waitForListener(port: smscPort)
        try await waitForListener(port: amqpPort, within: .seconds(60), log: "rabbitmq.log")

        try writeJasminConfiguration(amqpPort: amqpPort, redisPort: redisPort, jcliPort: jcliPort)
        // ROOT_PATH moves every default path of Jasmin's (logs, store, resources) into the folder;
        // the DLR lookup and thrower run inside jasmind instead of as two more daemons.
        try processes.launch(Self.python, ["-c", Self.privateLock, Self.jasmind, "-c", path("jasmin/jasmin.cfg"),
                                           "--enable-dlr-lookup", "--enable-dlr-thrower"],
                             output: .log("jasmind.log"),
                             environment: ["ROOT_PATH": path("jasmin"), "JASMIND_LOCK": path("jasmin/jasmind"), "PYTHONUNBUFFERED": "1"])
        // jCli starts last in jasmind, after the broker channel, the router and the HTTP API.
        try await waitForListener(port: jcliPort, within: .seconds(40), log: "jasmind.log")
        try await JCli.run(port: jcliPort, commands: [
            "group -a", "gid broadcastd", "ok",
            "user -a", "username \(username)", "password \(password)", "gid broadcastd", "uid broadcastd", "ok",
            "smppccm -a", "cid fake", "host 127.0.0.1", "port \(smscPort)", "username jasmin", "password jasmin", "ok",
            "smppccm -1 fake",
            "mtrouter -a", "type defaultroute", "connector smppc(fake)", "rate 0.00", "ok",
        ])
        try await submitted.waitForConnection()
    }

    /// The next submit_sm the fake SMSC acknowledged; nil after `timeout`.
    func nextSubmit(timeout: Duration = .seconds(10)) async -> SubmittedSM? {
        await submitted.next(timeout: timeout)
    }

    /// Killed: nothing here is worth a graceful stop, and the broker's takes seconds.
    /// `RUNNING_UNDER_SYSTEMD` made the broker's script exec the Erlang VM, so its
    /// pid is the VM's, whose helpers exit with it.
    func stop() {
        processes.killAll()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The broker as an unprivileged process of the test: every path in the folder
    /// (the Debian wrapper in /usr/sbin would switch to the rabbitmq user and /var/lib).
    private func launchRabbitMQ(amqpPort: Int, epmdPort: Int, distributionPort: Int) throws {
        try "listeners.tcp.1 = 127.0.0.1:\(amqpPort)\nloopback_users = none\n"
            .write(toFile: path("rabbitmq/rabbitmq.conf"), atomically: true, encoding: .utf8)
        try "[].\n".write(toFile: path("rabbitmq/enabled_plugins"), atomically: true, encoding: .utf8)
        try processes.launch(Self.rabbitmq, [], output: .log("rabbitmq.log"), environment: [
            "HOME": path("home"),  // the Erlang cookie goes here
            "RABBITMQ_NODENAME": "broadcastd-test@localhost",
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": String(amqpPort),
            "RABBITMQ_DIST_PORT": String(distributionPort),
            // Erlang's distribution port listens on every interface unless told otherwise.
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
            "ERL_EPMD_PORT": String(epmdPort),
            "ERL_EPMD_ADDRESS": "127.0.0.1",
            "RABBITMQ_MNESIA_BASE": path("rabbitmq/mnesia"),
            "RABBITMQ_LOG_BASE": path("rabbitmq/log"),
            "RABBITMQ_LOGS": "-",
            "RABBITMQ_CONFIG_FILE": path("rabbitmq/rabbitmq.conf"),
            "RABBITMQ_ADVANCED_CONFIG_FILE": path("rabbitmq/advanced.config"),
            "RABBITMQ_CONF_ENV_FILE": path("rabbitmq/rabbitmq-env.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": path("rabbitmq/enabled_plugins"),
            "RABBITMQ_FEATURE_FLAGS_FILE": path("rabbitmq/feature_flags"),
            "RABBITMQ_PID_FILE": path("rabbitmq/pid"),
            "RUNNING_UNDER_SYSTEMD": "true",
        ])
    }

    private func writeJasminConfiguration(amqpPort: Int, redisPort: Int, jcliPort: Int) throws {
        var sections: [(String, [String])] = [
            ("redis-client", ["host = 127.0.0.1", "port = \(redisPort)"]),
            ("amqp-broker", ["host = 127.0.0.1", "port = \(amqpPort)", "spec = \(Self.amqpSpec)"]),
            ("http-api", ["bind = 127.0.0.1", "port = \(httpPort)"]),
            ("jcli", ["bind = 127.0.0.1", "port = \(jcliPort)", "authentication = False"]),
        ]
        // Listeners the test does not use still bind; free ports keep them off the defaults.
        for section in ["router", "client-management", "smpp-server", "smpp-server-pb"] {
            sections.append((section, ["bind = 127.0.0.1", "port = \(try FreePort.pick())"]))
        }
        let text = sections.map { "[\($0.0)]\n" + $0.1.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
        try text.write(toFile: path("jasmin/jasmin.cfg"), atomically: true, encoding: .utf8)
    }

    /// As `Loopback.waitForListener`, with the end of the peer's log in the error,
    /// since `stop()` removes the folder that holds it.
    private func waitForListener(port: Int, within: Duration = .seconds(15), log: String) async throws {
        do {
            try await Loopback.waitForListener(port: port, within: within)
        } catch {
            let text = (try? String(contentsOfFile: path(log), encoding: .utf8)) ?? "(no log)"
            throw JasminHarnessError(description: "\(error)\n\(log), last lines:\n"
                + text.split(separator: "\n").suffix(15).joined(separator: "\n"))
        }
    }

    private func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

}

struct JasminHarnessError: Error, CustomStringConvertible {
    var description: String
}
