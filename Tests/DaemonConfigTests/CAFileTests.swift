import Foundation
import LineLanguage
import Testing
@testable import DaemonConfig

/// `ca-file` is read when the config is, so a path the daemon could not use
/// fails `check` at its line instead of every TLS handshake later.
struct CAFileTests {
    /// A throw-away self-signed CA certificate (openssl req -x509).
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBkDCCATWgAwIBAgIUee9dd9rOi++HC1edP6EriVBcOaQwCgYIKoZIzj0EAwIw
        HTEbMBkGA1UEAwwSYnJvYWRjYXN0ZCB0ZXN0IENBMB4XDTI2MTIwNDEyMzkzNFoX
        DTM2MTIwMTEyMzkzNFowHTEbMBkGA1UEAwwSYnJvYWRjYXN0ZCB0ZXN0IENBMFkw
        EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEHiWlRqxUmLoTG570h6yiK2kGQN+U4VM8
        itlZyb6WuQYRUR+eskyPLw2EzPtQIFwdxlkxI09Q0K2termOHet3z6NTMFEwHQYD
        VR0OBBYEFGgZJAafUOyqL2uP5wkhid7FrF3PMB8GA1UdIwQYMBaAFGgZJAafUOyq
        L2uP5wkhid7FrF3PMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIh
        AKD+6X3LQh04H8N8zRP04PQh9GDniaL5hY4iym4waVE5AiEAzDL/uxJrDEOOuO7f
        wRJXS71s7uO4+pNnnBBFncKGQns=
        -----END CERTIFICATE-----

        """

    static func load(caFile: String, in folder: TemporaryFolder) -> ConfigLoadResult {
        DaemonConfigLoader.load(text: """
            schedule campaign.schedule
            state state
            gateway sim
                kind     http-json
                url      https://127.0.0.1:8443/send
                json     {"to":"{to}","text":"{text}"}
                ca-file  \(caFile)
            """, directory: folder.path, environment: [:])
    }

    @Test func aPEMBundleIsAccepted() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("ca.pem", "# the gateway's CA\n" + Self.certificate + Self.certificate, mode: 0o644)
        let result = Self.load(caFile: "ca.pem", in: folder)
        #expect(result.diagnostics.isEmpty, "\(result.rendered())")
        #expect(result.configuration?.gateways.first?.caFile == folder.path + "/ca.pem")
    }

    @Test(arguments: [
        ("missing.pem", nil, "does not exist"),
        ("der.cer", "0\u{82}\u{1}y0\u{82}", "holds no PEM certificate"),
        ("key.pem", "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n-----END PRIVATE KEY-----\n", "holds no PEM certificate"),
        ("broken.pem", "-----BEGIN CERTIFICATE-----\n%%%% not base64 %%%%\n-----END CERTIFICATE-----\n", "holds no PEM certificate"),
        ("folder", "", "is not a file"),
    ] as [(String, String?, String)])
    func anUnusableCAFileFailsAtItsPath(name: String, content: String?, problem: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        if name == "folder" {
            _ = try folder.subfolder(name)
        } else if let content {
            try folder.write(name, content, mode: 0o644)
        }
        let result = Self.load(caFile: name, in: folder)
        let diagnostic = try #require(result.diagnostics.first, "accepted \(name)")
        #expect(result.configuration == nil)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.contains(problem), "\(diagnostic.message)")
        #expect(diagnostic.location.line == 7 && diagnostic.location.column == 14)
        #expect(diagnostic.hint != nil)
    }

    @Test func anUnreadableCAFileFails() throws {
        guard getuid() != 0 else { return }  // root reads any file
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("ca.pem", Self.certificate, mode: 0o000)
        let result = Self.load(caFile: "ca.pem", in: folder)
        #expect(result.diagnostics.first?.message.contains("cannot be read") == true, "\(result.rendered())")
    }
}
