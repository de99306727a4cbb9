import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real `broadcastd` child started by a benchmark: READY=1 arrives on a
/// notify datagram socket the benchmark owns, as under systemd; its output goes
/// to a log file in the benchmark's folder.
final class BenchDaemon: @unchecked Sendable {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    let process = Process()
    let logPath: String
    private let notify: NotifySocket
    private let exited = DispatchSemaphore(value: 0)

    /// `broadcastd` next to the running `broadcastd-bench`, symlinks resolved.
    static func binaryPath() throws -> String {
        let invoked = CommandLine.arguments[0]
        let executable = invoked.contains("/")
            ? URL(fileURLWithPath: invoked)
            : URL(fileURLWithPath: "/proc/self/exe")
        let binary = executable.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("broadcastd").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw Problem(description: "\(binary) not found: build it (swift build -c release) next to broadcastd-bench")
        }
        return binary
    }

    /// Starts `broadcastd --config config --pretend-now pretendNow` and returns once it said READY=1.
    init(config: String, pretendNow: String, folder: URL, readyTimeout: Int = 60) throws {
        logPath = folder.appendingPathComponent("broadcastd.log").path
        notify = try NotifySocket(path: folder.appendingPathComponent("notify.sock").path, timeoutSeconds: readyTimeout)
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: try Self.binaryPath())
        process.arguments = ["--config", config, "--pretend-now", pretendNow]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment.removeValue(forKey: "JOURNAL_STREAM")
        process.environment = environment
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        let exited = exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        while let datagram = notify.receive() {
            if datagram.contains("READY=1") { return }
        }
        stop()
        throw Problem(description: "broadcastd did not say READY=1 within \(readyTimeout) s; its log ends:\n\(logTail())")
    }

    var pid: Int32 { process.processIdentifier }

    /// SIGTERM, then SIGKILL if it has not exited after `grace` seconds; its exit status, nil if killed.
    @discardableResult
    func stop(grace: Int = 15) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(pid, SIGTERM)
        if exited.wait(timeout: .now() + .seconds(grace)) == .success {
            return process.terminationStatus
        }
        kill(pid, SIGKILL)
        _ = exited.wait(timeout: .now() + .seconds(5))
        return nil
    }

    func logTail(_ characters: Int = 2000) -> String {
        String(((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").suffix(characters))
    }
}

/// A datagram socket standing in for systemd's notify socket.
final class NotifySocket {
    let path: String
    private let descriptor: Int32

    init(path: String, timeoutSeconds: Int) throws {
        self.path = path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(descriptor)
            throw BenchDaemon.Problem(description: "notify socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            close(descriptor)
            throw BenchDaemon.Problem(description: "cannot bind notify socket \(path): errno \(errno)")
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The next datagram, or nil after the receive timeout.
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }

    deinit {
        close(descriptor)
        unlink(path)
    }
}
