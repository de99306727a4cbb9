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
    public static let openssl = "/usr/bin/openssl"
    public static var isAvailable: Bool {
        NginxProcess.isAvailable && FileManager.default.isExecutableFile(atPath: openssl)
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

    /// The folder holding the CA, the certificate and nginx's files.
    public let directory: URL
    private let nginx: NginxProcess

    public var port: Int { nginx.port }
    /// The private CA's certificate: what a `ca-file` must name to trust this front.
    public var caFile: String { directory.appendingPathComponent("ca.pem").path }
    public var baseURL: String { "https://127.0.0.1:\(port)" }

    /// Starts nginx on a free port passing to `127.0.0.1:upstreamPort`; returns once it accepts connections.
    public init(upstreamPort: Int, certificate: Certificate = .valid) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-front-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.makeCertificates(in: directory, certificate)
        let path = directory.path
        nginx = try NginxProcess(directory: directory, listen: { "listen 127.0.0.1:\($0) ssl;" }, server: """
                    ssl_certificate \(path)/server.pem;
                    ssl_certificate_key \(path)/server.key;
                    location / {
                        proxy_pass http://127.0.0.1:\(upstreamPort);
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                    }
            """)
    }

    public func stop() {
        nginx.stop()
        try? FileManager.default.removeItem(at: directory)
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
