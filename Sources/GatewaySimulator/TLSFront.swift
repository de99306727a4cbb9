import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// HTTPS in front of a loopback simulator, the way a gateway on a private PKI
/// looks to broadcastd: Debian's nginx terminates TLS with a certificate signed
/// by a throw-away CA (made with the `openssl` tool) and passes every request
/// on to the simulator, which records it as usual.
///
/// nginx rather than TLS inside the simulator: swift-nio has no TLS without
/// another package, and nginx is the kind of terminator real gateways sit behind.
public final class TLSFront: @unchecked Sendable {
    public static let nginx = "/usr/sbin/nginx"
    public static let openssl = "/usr/bin/openssl"
    public static var isAvailable: Bool {
        [nginx, openssl].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The certificate nginx shows.
    public enum Certificate: Sendable {
        /// Valid, for 127.0.0.1, signed by the private CA.
        case valid
        /// Signed by the private CA, for another name than 127.0.0.1.
        case otherHost
        /// Signed by the private CA, for 127.0.0.1, expired.
        case expired
    }

    public let port: Int
    /// The folder holding the CA, the certificate and nginx's files.
    public let directory: URL
    private let process: Process

    /// The private CA's certificate: what a `ca-file` must name to trust this front.
    public var caFile: String { directory.appendingPathComponent("ca.pem").path }
    public var baseURL: String { "https://127.0.0.1:\(port)" }

    /// Starts nginx on a free port passing to `127.0.0.1:upstreamPort`; returns once it accepts connections.
    public init(upstreamPort: Int, certificate: Certificate = .valid) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-front-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.makeCertificates(in: directory, certificate)
        port = try FreePort.pick()
        let path = directory.path
        let configuration = """
        daemon off;
        master_process off;
        worker_processes 1;
        pid \(path)/nginx.pid;
        error_log \(path)/error.log warn;
        events { worker_connections 256; }
        http {
            access_log off;
            client_body_temp_path \(path)/body;
            proxy_temp_path \(path)/proxy;
            fastcgi_temp_path \(path)/fastcgi;
            uwsgi_temp_path \(path)/uwsgi;
            scgi_temp_path \(path)/scgi;
            server {
                listen 127.0.0.1:\(port) ssl;
                ssl_certificate \(path)/server.pem;
                ssl_certificate_key \(path)/server.key;
                location / {
                    proxy_pass http://127.0.0.1:\(upstreamPort);
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                }
            }
        }
        """
        try configuration.write(to: directory.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.nginx)
        process.arguments = ["-p", path, "-c", "\(path)/nginx.conf", "-e", "\(path)/error.log"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try waitUntilListening(deadline: Date().addingTimeInterval(10))
    }

    /// SIGKILL: nginx inherits the test process's blocked signals, so it would never see SIGTERM.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    private func waitUntilListening(deadline: Date) throws {
        while Date() < deadline {
            guard process.isRunning else { break }
            if Self.accepts(port: port) { return }
            usleep(20_000)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
        stop()
        throw TLSFrontError(description: "nginx did not start listening on 127.0.0.1:\(port): \(log)")
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

    /// A CA (ca.pem) and the server certificate nginx shows (server.pem, server.key).
    private static func makeCertificates(in directory: URL, _ certificate: Certificate) throws {
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        try run(["req", "-x509"] + key + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "3650",
                                         "-subj", "/CN=broadcastd test CA"], in: directory)
        try run(["req"] + key + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=broadcastd test gateway"],
                in: directory)
        let name = certificate == .otherHost ? "DNS:gateway.invalid" : "IP:127.0.0.1"
        try "subjectAltName=\(name)\n".write(to: directory.appendingPathComponent("server.ext"), atomically: true, encoding: .utf8)
        // -days -1: not after is a day before not before, so the certificate is already expired.
        try run(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                 "-out", "server.pem", "-days", certificate == .expired ? "-1" : "3650", "-extfile", "server.ext"],
                in: directory)
    }

    private static func run(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TLSFrontError(description: "openssl \(arguments.joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))")
        }
    }
}

public struct TLSFrontError: Error, CustomStringConvertible {
    public var description: String
}
