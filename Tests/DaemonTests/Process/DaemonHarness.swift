import Foundation
import GatewaySimulator
import Outbox
@testable import OutboxSQLite

#if canImport(Glibc)
import Glibc
#endif

/// A real `broadcastd` process on a temp folder (config, schedule, recipient
/// list, state) sending to a loopback GatewaySimulator the test owns. READY=1
/// and later status lines arrive on a notify socket the test owns, as under systemd.
final class DaemonHarness: @unchecked Sendable {
    static let binary: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/broadcastd").path
    }()

    let directory: URL
    let simulator: GatewaySimulator
    let notify: NotifySocket
    let recipients: [String]
    private(set) var process: Process?
    /// A command the daemon runs under (`ip netns exec NAME`, which execs it: the pid is the daemon's).
    var launchPrefix: [String] = []
    private(set) var tlsFront: TLSFront?
    private let exits = ExitWatch()

    /// One list, `recipients.txt`, of `count` numbers.
    convenience init(recipients count: Int, schedule: String, gateway: String, catchUp: String = "1h",
                     settings: String = "", tls: TLSFront.Certificate? = nil) async throws {
        try await self.init(lists: ["recipients.txt": (0..<count).map(Self.syntheticNumber)], schedule: schedule, gateway: gateway,
                            catchUp: catchUp, settings: settings, tls: tls)
    }

    /// `lists` are phone files by name; `recipients` is every distinct number in
    /// them. `gateway` is the body of the gateway block after its url (rate, concurrency, …);
    /// `settings` are more top-level lines (`reports …`). With `tls`, the gateway's
    /// url is an nginx TLS front before the simulator showing that certificate,
    /// and its private CA is `private-ca.pem` in the folder, for a `ca-file` line.
    init(lists: [String: [String]], schedule: String, gateway: String, catchUp: String = "1h",
         settings: String = "", tls: TLSFront.Certificate? = nil) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("broadcastd-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        simulator = try await GatewaySimulator.start(host: "127.0.0.1", port: 0, recordsRequests: true, threads: 1)
        notify = try NotifySocket()
        var seen: Set<String> = []
        recipients = lists.keys.sorted().flatMap { lists[$0, default: []] }.filter { seen.insert($0).inserted }
        for (name, numbers) in lists {
            try ("# synthetic test data\n" + numbers.joined(separator: "\n") + "\n")
                .write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try writeSchedule(schedule)
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        var gatewayURL = "http://127.0.0.1:\(simulator.port)/cgi-bin/sendsms"
        if let tls {
            let front = try TLSFront(upstreamPort: simulator.port, certificate: tls)
            tlsFront = front
            try FileManager.default.copyItem(atPath: front.caFile, toPath: directory.appendingPathComponent("private-ca.pem").path)
            gatewayURL = front.baseURL + "/cgi-bin/sendsms"
        }
        try """
        schedule  campaign.schedule
        state     state
        catch-up  \(catchUp)
        shutdown-grace 5s
        \(settings)

        gateway sim
            kind        kannel
            url         \(gatewayURL)
            username    broadcastd
            password    test-password
            from        96110
        \(gateway.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))

        """.write(to: directory.appendingPathComponent("broadcastd.conf"), atomically: true, encoding: .utf8)
    }

    /// The `index`th synthetic mobile number.
    static func syntheticNumber(_ index: Int) -> String { String(format: "+86170%08d", index) }

    func writeSchedule(_ text: String) throws {
        try text.write(to: directory.appendingPathComponent("campaign.schedule"), atomically: true, encoding: .utf8)
    }

    /// Starts the daemon with its clock at `pretendNow` and returns once it said READY=1.
    func start(pretendNow: String, umask: String? = nil, arguments extra: [String] = []) throws {
        try launch(pretendNow: pretendNow, umask: umask, arguments: extra)
        guard try waitForNotification(containing: "READY=1") != nil else { throw HarnessError("broadcastd did not become ready:\n\(self.log)") }
    }

    /// Starts the daemon process without waiting for anything (kills at any
    /// point of start-up); `umask` (octal text) runs it under that umask,
    /// through a shell, as outside systemd.
    func launch(pretendNow: String, umask: String? = nil, arguments extra: [String] = []) throws {
        let process = Process()
        let arguments = ["--config", directory.appendingPathComponent("broadcastd.conf").path, "--pretend-now", pretendNow] + extra
        if let umask {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "umask \(umask) && exec \"$0\" \"$@\"", Self.binary] + arguments
        } else if let command = launchPrefix.first {
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = Array(launchPrefix.dropFirst()) + [Self.binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment.removeValue(forKey: "JOURNAL_STREAM")
        process.environment = environment
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        let exits = exits
        exits.started()
        process.terminationHandler = { finished in exits.exited(finished.terminationStatus) }
        try process.run()
        self.process = process
    }

    var logPath: String { directory.appendingPathComponent("broadcastd.log").path }
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The next notify datagram containing `text`, skipping others; nil after the socket's timeout.
    func waitForNotification(containing text: String) throws -> String? {
        while let datagram = notify.receive() {
            if datagram.contains(text) { return datagram }
        }
        return nil
    }

    func signal(_ signal: Int32) {
        if let process, process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Waits (bounded) for the process to exit; its status, or nil if it did not.
    func waitForExit(seconds: Double) async -> Int32? {
        await exits.wait(timeout: .milliseconds(Int64(seconds * 1000)))
    }


    /// Waits until every recipient has been received at least once: each round
    /// waits for as many more requests as there are numbers still missing.
    func waitUntilEveryoneReached(timeout: Double) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        var missing = Set(recipients)
        var seen = 0
        while !missing.isEmpty {
            // At least one more request per number still missing, after those already looked at.
            guard let requests = await simulator.log.waitForRequests(seen + missing.count,
                                                                     timeout: .seconds(max(0, deadline.timeIntervalSinceNow))) else {
                let counts = (try? outbox().broadcastStatuses().map(\.counts)) ?? []
                throw HarnessError("\(missing.count) of \(recipients.count) never reached; outbox: \(counts)\n\(log.suffix(3000))")
            }
            for request in requests[seen...] {
                if let number = Self.number(in: request) { missing.remove(number) }
            }
            seen = requests.count
        }
    }

    /// The phone numbers the simulator received, in arrival order.
    var receivedNumbers: [String] { simulator.log.requests.compactMap(Self.number(in:)) }

    static func number(in request: RecordedRequest) -> String? {
        request.query?.split(separator: "&").first { $0.hasPrefix("to=") }
            .map { String($0.dropFirst(3)).removingPercentEncoding ?? String($0.dropFirst(3)) }
    }

    /// `broadcastctl status --json` on this daemon's state folder, parsed.
    func statusJSON() throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary).deletingLastPathComponent().appendingPathComponent("broadcastctl")
        process.arguments = ["status", "--state-dir", directory.appendingPathComponent("state").path, "--json"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw HarnessError("status --json printed no object")
        }
        return object
    }

    func outbox() throws -> OutboxConnection {
        try OutboxConnection(stateDirectory: directory.appendingPathComponent("state").path, create: false)
    }

    func stop() async {
        signal(SIGKILL)
        _ = await waitForExit(seconds: 5)
        tlsFront?.stop()
        await simulator.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The daemon process's exit, as an event a test can await with a bound.
final class ExitWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var status: Int32?
    private var waiters: [UUID: CheckedContinuation<Int32?, Never>] = [:]

    func started() {
        lock.withLock { status = nil }
    }

    func exited(_ code: Int32) {
        let woken = lock.withLock { () -> [CheckedContinuation<Int32?, Never>] in
            status = code
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        woken.forEach { $0.resume(returning: code) }
    }

    func wait(timeout: Duration) async -> Int32? {
        let id = UUID()
        return await withCheckedContinuation { continuation in
            let done: Int32?? = lock.withLock {
                if let status { return .some(status) }
                waiters[id] = continuation
                return nil
            }
            if let done { continuation.resume(returning: done); return }
            Task {
                try? await Task.sleep(for: timeout)
                self.lock.withLock { self.waiters.removeValue(forKey: id) }?.resume(returning: nil)
            }
        }
    }
}
