import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Debian's nginx, run in the foreground as one process on a free loopback
/// port with its files in a folder of the caller's: the TLS front of the
/// tests and the benchmarks' fast native sink both start it this way.
public final class NginxProcess: @unchecked Sendable {
    public static let binary = "/usr/sbin/nginx"
    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    public let port: Int
    public let directory: URL
    private let process = Process()

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes `nginx.conf` into `directory` around `server` (the body of one
    /// `server` block; `listen 127.0.0.1:PORT…` comes from `listen`), starts
    /// nginx and returns once it accepts connections. `http` adds directives
    /// that only the `http` block takes, such as a `log_format`.
    public init(directory: URL, listen: (Int) -> String = { "listen 127.0.0.1:\($0);" }, http: String = "",
                server: String) throws {
        guard Self.isAvailable else { throw Failure(description: "\(Self.binary) not found (apt-get install nginx)") }
        self.directory = directory
        port = try FreePort.pick()
        let path = directory.path
        let configuration = """
            daemon off;
            master_process off;
            worker_processes 1;
            pid \(path)/nginx.pid;
            error_log \(path)/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path \(path)/body;
                proxy_temp_path \(path)/proxy;
                fastcgi_temp_path \(path)/fastcgi;
                uwsgi_temp_path \(path)/uwsgi;
                scgi_temp_path \(path)/scgi;
                keepalive_requests 10000000;
                \(http)
                server {
                    \(listen(port))
            \(server)
                }
            }
            """
        try configuration.write(to: directory.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["-p", path, "-c", "\(path)/nginx.conf", "-e", "\(path)/error.log"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try waitUntilListening(deadline: Date().addingTimeInterval(10))
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// SIGKILL: nginx inherits the starting process's blocked signals (a test
    /// runner's, Dispatch's), so it may never see a SIGTERM; it keeps no state.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    private func waitUntilListening(deadline: Date) throws {
        while Date() < deadline {
            guard process.isRunning else { break }
            if Self.accepts(port: port) { return }
            usleep(20_000)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
        stop()
        throw Failure(description: "nginx did not start listening on 127.0.0.1:\(port): \(log)")
    }

    private static func accepts(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
