import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Debian's nginx on a loopback port answering every request with a fixed
/// status and body from memory (`return`), no access log: the fastest native
/// sink there is here, so a client's rate against it is the client's own.
/// Its folder, config and pid file are temporary; `stop()` ends it.
final class NginxSink {
    let port: Int
    private let folder: URL
    private let process = Process()

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// `status` and `body` are what every request gets back: Kannel's `202 0: Accepted for delivery` by default.
    init(binary: String = "/usr/sbin/nginx", workers: Int = 1, status: Int = 202,
         body: String = "0: Accepted for delivery") throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw Problem(description: "\(binary) not found (apt-get install nginx)")
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("broadcastd-nginx-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        port = try Self.freePort()
        let config = """
            daemon off;
            worker_processes \(workers);
            pid \(folder.path)/nginx.pid;
            error_log \(folder.path)/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path \(folder.path);
                proxy_temp_path \(folder.path);
                fastcgi_temp_path \(folder.path);
                uwsgi_temp_path \(folder.path);
                scgi_temp_path \(folder.path);
                keepalive_requests 10000000;
                keepalive_timeout 60s;
                server {
                    listen 127.0.0.1:\(port) backlog=4096;
                    location / { return \(status) "\(body)"; }
                }
            }
            """
        let path = folder.appendingPathComponent("nginx.conf").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-c", path, "-p", folder.path, "-e", "\(folder.path)/error.log"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try waitUntilListening()
    }

    /// The URL of `path` on this sink.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    deinit { stop() }

    /// Connects until nginx accepts, for at most five seconds; its error log if it never does.
    private func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if Self.accepts(port: port) { return }
            guard process.isRunning else { break }
            usleep(10_000)
        }
        let log = (try? String(contentsOf: folder.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
        stop()
        throw Problem(description: "nginx did not listen on 127.0.0.1:\(port): \(log)")
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// A port the kernel hands out for 127.0.0.1, closed again for nginx to take.
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Problem(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw Problem(description: "bind: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
