#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GatewaySimulator
import OutboxPostgres

/// One real PostgreSQL (Debian's `postgresql`, 15) per test process, started
/// on first use on a free loopback port in a fresh temporary folder, tuned
/// for tests (no fsync), and gone when the process ends: an atexit handler
/// stops it and removes the folder, and a watchdog process does the same when
/// the test process dies without running it (a crash, SIGKILL).
///
/// PostgreSQL refuses to run as root: as root, the folder belongs to the
/// `postgres` user and `initdb` and `postgres` run as it (`runuser`).
public final class PostgresTestServer: Sendable {
    public let port: Int
    public let folder: String
    let binaries: String

    /// The server, started by the first caller; every later caller waits for the same start.
    public static func shared() throws -> PostgresTestServer {
        try lock.withLock {
            if let server = started { return server }
            let server = try PostgresTestServer()
            started = server
            registerAtExit()
            return server
        }
    }

    /// A server of the caller's own, for a test that stops and starts it
    /// (`stopServer`, `startServer`) while other tests use the shared one;
    /// stopped and removed at exit like the shared one.
    /// `durable`: every commit flushed, as a production server does (for benchmarks;
    /// tests run without fsync, which is many times faster and proves the same logic).
    public static func dedicated(durable: Bool = false) throws -> PostgresTestServer {
        let server = try PostgresTestServer(durable: durable)
        lock.withLock {
            own.append(server)
            registerAtExit()
        }
        return server
    }

    private nonisolated(unsafe) static var started: PostgresTestServer?
    private nonisolated(unsafe) static var own: [PostgresTestServer] = []
    private nonisolated(unsafe) static var atExitRegistered = false
    private static let lock = NSLock()

    /// Called with `lock` held.
    private static func registerAtExit() {
        guard !atExitRegistered else { return }
        atExitRegistered = true
        atexit { PostgresTestServer.stopAtExit() }
    }

    private let asRoot: Bool
    private let durable: Bool

    private init(durable: Bool = false) throws {
        self.durable = durable
        guard let binaries = Self.findBinaries() else {
            throw PostgresTestServerError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                                          + "`make test-deps` installs it (Debian's postgresql)")
        }
        self.binaries = binaries
        let template = NSTemporaryDirectory() + "broadcastd-postgres-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else { throw PostgresTestServerError("cannot make a temporary folder") }
        folder = String(cString: made)
        asRoot = geteuid() == 0
        if asRoot {
            try Self.run("/bin/chown", ["postgres:postgres", folder])
            try Self.run("/bin/chmod", ["700", folder])
        }
        try Self.run(binaries + "/initdb", ["-D", folder + "/data", "-U", "postgres", "--auth=trust", "-E", "UTF8",
                                            "--no-locale", "--no-sync", "--no-instructions"], asPostgres: asRoot)
        port = try FreePort.pick()
        try Self.startWatchdog(parent: getpid(), folder: folder)
        try startServer()
    }

    /// Starts the postmaster on the data folder and port it had (again, after
    /// `stopServer`) and waits until it accepts connections.
    public func startServer() throws {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: asRoot ? "/usr/sbin/runuser" : binaries + "/postgres")
        let unsafe = durable ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        let arguments = ["-D", folder + "/data", "-k", folder, "-h", "127.0.0.1", "-p", String(port)] + unsafe
            + ["-c", "max_connections=400", "-c", "shared_buffers=64MB"] + Self.extraOptions
        server.arguments = asRoot ? ["-u", "postgres", "--", binaries + "/postgres"] + arguments : arguments
        let log = FileHandle(forWritingAtPath: "/dev/null")
        server.standardOutput = log
        server.standardError = log
        try server.run()
        try waitUntilReady(server)
    }

    /// Server options added from `BROADCASTD_TEST_POSTGRES_OPTIONS` (space-separated, as on the
    /// `postgres` command line), to profile a benchmark's server: for example
    /// `-c logging_collector=on -c log_directory=/tmp/pglog -c log_min_duration_statement=0`.
    static var extraOptions: [String] {
        (ProcessInfo.processInfo.environment["BROADCASTD_TEST_POSTGRES_OPTIONS"] ?? "").split(separator: " ").map(String.init)
    }

    /// A fast shutdown (SIGINT: clients disconnected, in-progress transactions
    /// rolled back, as `pg_ctl stop -m fast` and a restart by systemd do); returns
    /// once the postmaster is gone (bounded: 30 s), the folder kept for `startServer`.
    public func stopServer() throws {
        guard let pid = postmasterPID else { throw PostgresTestServerError("no postmaster.pid in \(folder)/data") }
        kill(pid, SIGINT)
        let deadline = Date().addingTimeInterval(30)
        while kill(pid, 0) == 0 {
            guard Date() < deadline else { throw PostgresTestServerError("postgres \(pid) did not stop within 30 s") }
            usleep(20_000)
        }
    }

    /// A new, empty database, named after `tag` (letters, digits and `_` kept);
    /// an existing one of that name is left as it is.
    public func configuration(database tag: String) throws -> PostgresOutboxConfiguration {
        let name = "t_" + String(tag.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.suffix(60))
        let exists = try psql("SELECT 1 FROM pg_database WHERE datname = '\(name)'")
        if !exists.contains("1") { _ = try psql("CREATE DATABASE \(name)") }
        return PostgresOutboxConfiguration(host: "127.0.0.1", port: port, user: "postgres", database: name, tls: .disable)
    }

    /// Runs one statement through psql over the server's socket; its output.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        let psql = FileManager.default.isExecutableFile(atPath: binaries + "/psql") ? binaries + "/psql" : "/usr/bin/psql"
        return try Self.run(psql, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", folder, "-p", String(port),
                                   "-U", "postgres", "-d", database, "-c", sql])
    }

    /// Polls the socket (bounded: 30 s) until the server accepts connections.
    private func waitUntilReady(_ server: Process) throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            guard server.isRunning else {
                throw PostgresTestServerError("postgres exited with status \(server.terminationStatus) at start; folder \(folder)")
            }
            if (try? Self.run(binaries + "/pg_isready", ["-q", "-h", folder, "-p", String(port)])) != nil { return }
            usleep(50_000)
        }
        throw PostgresTestServerError("postgres did not accept connections within 30 s on port \(port)")
    }

    /// The postmaster's pid, from its pid file.
    var postmasterPID: pid_t? {
        guard let text = try? String(contentsOfFile: folder + "/data/postmaster.pid", encoding: .utf8),
              let first = text.split(separator: "\n").first else { return nil }
        return pid_t(first)
    }

    /// Immediate shutdown (nothing here needs to survive) and the folder removed.
    func stop() {
        if let pid = postmasterPID {
            kill(pid, SIGQUIT)
            for _ in 0..<100 where kill(pid, 0) == 0 { usleep(20_000) }
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    private static func stopAtExit() {
        lock.withLock {
            started?.stop()
            own.forEach { $0.stop() }
        }
    }

    /// A shell that outlives a crashed test process: once `parent` is gone it
    /// stops the server (the pid file names it) and removes the folder.
    private static func startWatchdog(parent: pid_t, folder: String) throws {
        let script = """
            while kill -0 \(parent) 2>/dev/null; do sleep 1; done
            pid=$(head -n 1 '\(folder)/data/postmaster.pid' 2>/dev/null)
            if [ -n "$pid" ]; then kill -QUIT "$pid" 2>/dev/null; sleep 1; fi
            rm -rf '\(folder)'
            """
        let watchdog = Process()
        watchdog.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        watchdog.arguments = ["/bin/sh", "-c", script]
        watchdog.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        watchdog.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try watchdog.run()
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String], asPostgres: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: asPostgres ? "/usr/sbin/runuser" : tool)
        process.arguments = asPostgres ? ["-u", "postgres", "--", tool] + arguments : arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw PostgresTestServerError("\((tool as NSString).lastPathComponent) failed (\(process.terminationStatus)): \(text)")
        }
        return text
    }

    static func findBinaries() -> String? {
        let base = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        return versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "\(base)/\($0)/bin" }
            .first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }
}

public struct PostgresTestServerError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = "PostgreSQL test server: " + description
    }
}
