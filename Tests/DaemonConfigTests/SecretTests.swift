import Foundation
import LineLanguage
import Testing
@testable import DaemonConfig

struct SecretTests {
    static let secretValue = "Zq7-very-secret-value"

    /// A config whose endpoint URL carries a key from `secret:wecom-key`, like a real WeCom bot.
    static func config(secretsFolder: String?) -> String {
        (secretsFolder.map { "secrets \($0)\n" } ?? "") + """
            schedule campaign.schedule
            state /var/lib/broadcastd
            endpoint nanchang-police-wecom
                kind wecom
                url  https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret:wecom-key&debug=1
            """
    }

    @Test func resolvesFromTheSecretsFolderTrimmingTheNewline() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("secrets/wecom-key", Self.secretValue + "\n")
        let result = DaemonConfigLoader.load(text: Self.config(secretsFolder: "secrets"), directory: folder.path, environment: [:])
        let endpoint = try #require(result.configuration?.endpoint(named: "nanchang-police-wecom"), "\(result.rendered())")
        #expect(endpoint.url.revealed == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=\(Self.secretValue)&debug=1")
        #expect(endpoint.url.secretNames == ["wecom-key"])
    }

    @Test func credentialsDirectoryWinsOverTheSecretsFolder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("secrets/wecom-key", "from-folder")
        let credentials = try folder.subfolder("credentials")
        // systemd's own directory: its modes are systemd's business, so 0644 is not refused there.
        try folder.write("credentials/wecom-key", "from-systemd\r\n", mode: 0o644)
        let result = DaemonConfigLoader.load(text: Self.config(secretsFolder: "secrets"), directory: folder.path,
                                             environment: ["CREDENTIALS_DIRECTORY": credentials])
        let endpoint = try #require(result.configuration?.endpoint(named: "nanchang-police-wecom"), "\(result.rendered())")
        #expect(endpoint.url.revealed.contains("key=from-systemd&"))
    }

    /// `LoadCredential=broadcastd:/etc/broadcastd/secrets` loads the whole folder in
    /// one line, each file as credential `broadcastd_FILE`; a credential of its own
    /// name (`LoadCredential=wecom-key:…`) still wins.
    @Test(arguments: [(["broadcastd_wecom-key": "from-folder-line"], "from-folder-line"),
                      (["broadcastd_wecom-key": "from-folder-line", "wecom-key": "from-own-line"], "from-own-line")])
    func oneCredentialLineLoadsTheWholeSecretsFolder(files: [String: String], expected: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let credentials = try folder.subfolder("credentials")
        for (name, value) in files { try folder.write("credentials/\(name)", value, mode: 0o400) }
        let result = DaemonConfigLoader.load(text: Self.config(secretsFolder: nil), directory: folder.path,
                                             environment: ["CREDENTIALS_DIRECTORY": credentials])
        let endpoint = try #require(result.configuration?.endpoint(named: "nanchang-police-wecom"), "\(result.rendered())")
        #expect(endpoint.url.revealed.contains("key=\(expected)&"))
    }

    @Test func refusesAFileOthersCanRead() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("secrets/wecom-key", Self.secretValue, mode: 0o640)
        let result = DaemonConfigLoader.load(text: Self.config(secretsFolder: "secrets"), directory: folder.path, environment: [:])
        #expect(result.configuration == nil)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.message == "secret file '\(file)' is readable by group or others (mode 640); refusing to use it")
        #expect(diagnostic.hint == "run: chmod 600 \(file)")
        #expect(diagnostic.location == SourceLocation(file: "broadcastd.conf", line: 6, column: 63))
        #expect(!result.rendered().contains(Self.secretValue))
    }

    @Test(arguments: [(0o604, "readable"), (0o620, "writable"), (0o660, "readable")])
    func refusesEveryModeBeyondTheOwner(mode: Int, access: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("secrets/wecom-key", Self.secretValue, mode: mode)
        let result = DaemonConfigLoader.load(text: Self.config(secretsFolder: "secrets"), directory: folder.path, environment: [:])
        #expect(result.diagnostics.first?.message.hasPrefix("secret file '\(file)' is \(access) by group or others") == true)
        #expect(result.diagnostics.first?.hint == "run: chmod 600 \(file)")
    }

    @Test func chmodHintQuotesPathsAShellWouldSplit() {
        #expect(SecretError.shellQuoted("/etc/broadcastd/secrets/key") == "/etc/broadcastd/secrets/key")
        #expect(SecretError.shellQuoted("/srv/my secrets/it's") == #"'/srv/my secrets/it'\''s'"#)
    }

    @Test func namesAMissingSecretAndWhereItLooked() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let secrets = try folder.subfolder("secrets")
        let result = DaemonConfigLoader.load(text: Self.config(secretsFolder: "secrets"), directory: folder.path, environment: [:])
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.message == "secret 'wecom-key' not found (looked in the secrets folder '\(secrets)')")
        #expect(diagnostic.location.column == 63)

        let systemd = DaemonConfigLoader.load(text: Self.config(secretsFolder: "secrets"), directory: folder.path,
                                              environment: ["CREDENTIALS_DIRECTORY": "/run/credentials/broadcastd.service"])
        #expect(systemd.diagnostics.first?.message
            == "secret 'wecom-key' not found (looked in $CREDENTIALS_DIRECTORY (/run/credentials/broadcastd.service))")
    }

    /// Blanks and `#` once broke the URL; percent-encoded, they are sent as the secret holds them.
    @Test func aSecretWithBlanksAndAHashIsSentPercentEncoded() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("secrets/wecom-key", "has blanks#and a fragment")
        let result = DaemonConfigLoader.load(text: Self.config(secretsFolder: "secrets"), directory: folder.path, environment: [:])
        let endpoint = try #require(result.configuration?.endpoint(named: "nanchang-police-wecom"), "\(result.rendered())")
        #expect(endpoint.url.revealed.hasSuffix("?key=has%20blanks%23and%20a%20fragment&debug=1"))
        #expect(!result.rendered().contains("blanks"))
    }

    @Test func saysWhenThereIsNowhereToLook() throws {
        let result = DaemonConfigLoader.load(text: Self.config(secretsFolder: nil), directory: "/etc/broadcastd", environment: [:])
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.message.contains("$CREDENTIALS_DIRECTORY is unset and no 'secrets' folder is configured"))
    }

    @Test(arguments: [
        ("two\nlines\n", "holds a line break before its end"), ("\n", "is empty"),
    ])
    func refusesUnusableContent(content: String, message: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("secrets/wecom-key", content)
        let result = DaemonConfigLoader.load(text: Self.config(secretsFolder: "secrets"), directory: folder.path, environment: [:])
        #expect(result.diagnostics.first?.message.hasSuffix(message) == true, "\(result.diagnostics)")
        #expect(!result.rendered().contains("lines"))
    }

    @Test func secretsNeverShowInPrintedForms() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("secrets/wecom-key", Self.secretValue)
        try folder.write("secrets/kannel-password", Self.secretValue)
        let text = Self.config(secretsFolder: "secrets") + """

            gateway kannel-main
                kind kannel
                url http://127.0.0.1:13013/cgi-bin/sendsms
                username broadcastd
                password secret:kannel-password
                rate fast
            """
        let failed = DaemonConfigLoader.load(text: text, directory: folder.path, environment: [:])
        #expect(failed.hasErrors)
        #expect(!failed.rendered().contains(Self.secretValue))

        let loaded = DaemonConfigLoader.load(text: text.replacingOccurrences(of: "rate fast", with: "rate 10/s"),
                                             directory: folder.path, environment: [:])
        let config = try #require(loaded.configuration, "\(loaded.rendered())")
        let url = try #require(config.endpoint(named: "nanchang-police-wecom")?.url)
        #expect(url.description == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=<redacted>&debug=1")
        #expect("\(url)" == url.description)
        var dumped = ""
        dump(config, to: &dumped)
        for printed in [String(describing: config), String(reflecting: config), dumped,
                        String(reflecting: url), "\(config.gateways[0].password!)"] {
            #expect(!printed.contains(Self.secretValue))
        }
        #expect(String(describing: config).contains(SecretText.redactionMark))
    }

    @Test func aSecretInsideAJSONBodyKeepsTheBodyValid() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("secrets/api-token", #"to"k\en"#)
        let text = """
            schedule s
            state st
            secrets secrets
            gateway g
                kind http-json
                url  https://sms.example.com/send
                json {"token": "secret:api-token", "to": "{to}"}
            """
        let result = DaemonConfigLoader.load(text: text, directory: folder.path, environment: [:])
        let body = try #require(result.configuration?.gateway(named: "g")?.json, "\(result.rendered())")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.revealed.utf8)) as? [String: String])
        #expect(object["token"] == #"to"k\en"#)
        #expect(body.description == #"{"token": "<redacted>", "to": "{to}"}"#)
    }

    @Test func plainValuesPrintAsWritten() {
        let text = SecretText(plain: "broadcastd")
        #expect(text.description == "broadcastd")
        #expect(!text.containsSecret)
        #expect(text.revealed == "broadcastd")
    }

    @Test(arguments: [
        ("secret:a", ["a"]), ("x=secret:a-b.c&y=secret:d", ["a-b.c", "d"]), (#"{"k":"secret:tok"}"#, ["tok"]),
        ("secret:", [""]), ("no secrets", []),
    ])
    func findsEveryReference(text: String, names: [String]) {
        #expect(SecretReference.scan(text).map(\.name) == names)
    }
}
