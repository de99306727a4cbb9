import Foundation
import LineLanguage
import Testing
@testable import DaemonConfig

/// Secrets as the operator leaves them: written inline, linked from elsewhere,
/// or holding bytes no request can carry.
struct SecretHandlingTests {
    static func gateway(password: String, extra: String = "") -> String {
        """
        schedule campaign.schedule
        state state
        secrets secrets
        gateway kannel-main
            kind     kannel
            url      http://127.0.0.1:13013/cgi-bin/sendsms
            username broadcastd
            password \(password)
        \(extra)
        """
    }

    @Test func aWarningAboutAnInlinePasswordDoesNotPrintIt() throws {
        let result = DaemonConfigLoader.load(text: Self.gateway(password: "hunter2-inline-pw"), directory: "/etc/broadcastd",
                                             environment: [:])
        let warning = try #require(result.diagnostics.first { $0.severity == .warning })
        #expect(warning.location.line == 8)
        #expect(!result.rendered().contains("hunter2-inline-pw"), "\(result.rendered())")
        #expect(result.rendered().contains("broadcastd.conf:8:5: warning: the password is written in the config file"))
    }

    @Test func anErrorOnALineHoldingABearerTokenDoesNotPrintIt() throws {
        let text = Self.gateway(password: "secret:pw").replacingOccurrences(of: "kind     kannel", with: "kind     http-json")
            + "    json {\"to\":\"{to}\"}\n    auth bearer tok-EN-inline extra\n"
        let result = DaemonConfigLoader.load(text: text, directory: "/etc/broadcastd", environment: [:])
        #expect(result.hasErrors)
        #expect(!result.rendered().contains("tok-EN-inline"), "\(result.rendered())")
    }

    @Test func aSymlinkedSecretIsJudgedByItsTargetsMode() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let target = try folder.write("vault/kannel-password", "pw\n", mode: 0o600)
        _ = try folder.subfolder("secrets")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/secrets/pw", withDestinationPath: target)
        let good = DaemonConfigLoader.load(text: Self.gateway(password: "secret:pw"), directory: folder.path, environment: [:])
        #expect(!good.hasErrors, "\(good.rendered())")
        #expect(good.configuration?.gateways.first?.password?.revealed == "pw")

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: target)
        let open = DaemonConfigLoader.load(text: Self.gateway(password: "secret:pw"), directory: folder.path, environment: [:])
        let error = try #require(open.diagnostics.first { $0.severity == .error })
        #expect(error.message.contains("mode 644"), "\(error.message)")
        #expect(error.message.contains(target), "\(error.message)")
        #expect(error.hint == "run: chmod 600 \(target)")
    }

    @Test func aSecretWithANULIsRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("secrets/pw", "before\u{0}after\n")
        let result = DaemonConfigLoader.load(text: Self.gateway(password: "secret:pw"), directory: folder.path, environment: [:])
        let error = try #require(result.diagnostics.first { $0.severity == .error }, "accepted a NUL")
        #expect(error.message.contains("NUL"))
    }
}

/// A secret inside a URL is sent as itself: percent-encoded where it lands.
struct SecretInURLTests {
    static func endpoint(url: String) -> String {
        "schedule campaign.schedule\nstate state\nsecrets secrets\nendpoint e\n    kind wecom\n    url \(url)\n"
    }

    @Test(arguments: [
        ("https://qyapi.weixin.qq.com/send?key=secret:k&debug=1", "a&b c#d", "https://qyapi.weixin.qq.com/send?key=a%26b%20c%23d&debug=1"),
        ("https://qyapi.weixin.qq.com/send?key=secret:k", "x/y+z=", "https://qyapi.weixin.qq.com/send?key=x%2Fy%2Bz%3D"),
        ("http://127.0.0.1:13080/feishu/f/hook/secret:k", "T0/B0 1", "http://127.0.0.1:13080/feishu/f/hook/T0/B0%201"),
        ("https://h.example/send?key=secret:k", "口令", "https://h.example/send?key=%E5%8F%A3%E4%BB%A4"),
    ])
    func aSecretIsPercentEncodedWhereItGoes(url: String, secret: String, sent: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("secrets/k", secret + "\n")
        let result = DaemonConfigLoader.load(text: Self.endpoint(url: url), directory: folder.path, environment: [:])
        let endpoint = try #require(result.configuration?.endpoints.first, "\(result.rendered())")
        #expect(endpoint.url.revealed == sent)
        #expect(!result.rendered().contains(secret))
    }
}
