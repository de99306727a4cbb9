import Foundation
import LineLanguage
import Testing
@testable import DaemonConfig

/// `outbox` and `outbox-password`: which outbox a config names, each mistake at
/// its column with the way out, and the password never in anything printed.
struct OutboxConfigTests {
    static func load(_ lines: String, state: Bool = true, folder: String = "/etc/broadcastd",
                     environment: [String: String] = [:]) -> ConfigLoadResult {
        let text = "schedule campaign.schedule\n" + (state ? "state /var/lib/broadcastd\n" : "") + lines
        return DaemonConfigLoader.load(text: text, file: "broadcastd.conf", directory: folder, environment: environment)
    }

    @Test(arguments: [
        ("", OutboxLocation.sqlite(stateDirectory: "/var/lib/broadcastd")),
        ("outbox sqlite\n", .sqlite(stateDirectory: "/var/lib/broadcastd")),
        ("outbox postgresql://broadcastd@db.example.org/broadcastd\n",
         .postgresql(PostgreSQLLocation(user: "broadcastd", host: "db.example.org", databaseName: "broadcastd", tls: .verifyFull))),
        ("outbox postgresql://bd@10.0.0.5:5433/campaigns?sslmode=require\n",
         .postgresql(PostgreSQLLocation(user: "bd", host: "10.0.0.5", port: 5433, databaseName: "campaigns", tls: .require))),
        ("outbox postgres://bd@[::1]/bd\n", .postgresql(PostgreSQLLocation(user: "bd", host: "::1", databaseName: "bd", tls: .disable))),
        ("outbox postgresql://bd@localhost:15432/bd?sslmode=verify-full\n",
         .postgresql(PostgreSQLLocation(user: "bd", host: "localhost", port: 15432, databaseName: "bd", tls: .verifyFull))),
        ("outbox \"postgresql://bd@db/my%20db\"\n", .postgresql(PostgreSQLLocation(user: "bd", host: "db", databaseName: "my db", tls: .verifyFull))),
    ])
    func readsTheOutbox(lines: String, expected: OutboxLocation) throws {
        let result = Self.load(lines)
        #expect(result.diagnostics.isEmpty, "\(result.rendered())")
        #expect(result.configuration?.outbox == expected)
    }

    @Test func aPostgreSQLOutboxNeedsNoStateFolder() throws {
        let result = Self.load("outbox postgresql://bd@db.example.org/bd\n", state: false)
        #expect(result.diagnostics.isEmpty, "\(result.rendered())")
        let config = try #require(result.configuration)
        #expect(config.state == nil)
        #expect(config.outbox.stateDirectory == nil)
    }

    @Test func thePasswordComesFromASecretAndIsNeverPrinted() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("secrets/outbox-pw", "s3cret-outbox-pw\n")
        let result = Self.load("secrets secrets\noutbox postgresql://bd@db.example.org/bd\noutbox-password secret:outbox-pw\n",
                               folder: folder.path)
        #expect(result.diagnostics.isEmpty, "\(result.rendered())")
        let config = try #require(result.configuration)
        guard case .postgresql(let location) = config.outbox else {
            Issue.record("not a PostgreSQL outbox: \(config.outbox)")
            return
        }
        #expect(location.password?.revealed == "s3cret-outbox-pw")
        #expect(location.passwordSecret == "outbox-pw")
        for printed in [config.outbox.description, location.description, "\(config)", String(reflecting: config)] {
            #expect(!printed.contains("s3cret-outbox-pw"), "\(printed)")
        }
        #expect(location.description == "postgresql://bd@db.example.org:5432/bd?sslmode=verify-full")
    }

    @Test func aMissingPasswordSecretSaysWhichFileToCreate() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.subfolder("secrets")
        let result = Self.load("secrets secrets\noutbox postgresql://bd@db/bd\noutbox-password secret:outbox-pw\n", folder: folder.path)
        let error = try #require(result.diagnostics.first { $0.severity == .error })
        #expect((error.location.line, error.location.column) == (5, 17))
        #expect(error.message.contains("secret 'outbox-pw' not found"), "\(error.message)")
        #expect(error.hint == "create \(folder.path)/secrets/outbox-pw holding the secret, readable only by its owner (chmod 600)")
        #expect(result.configuration == nil)
    }

    @Test func aPasswordSecretIsFoundUnderSystemdsCredentialName() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let credentials = try folder.subfolder("credentials")
        try folder.write("credentials/broadcastd_outbox-pw", "from-systemd\n")
        let result = Self.load("outbox postgresql://bd@db/bd\noutbox-password secret:outbox-pw\n", folder: folder.path,
                               environment: ["CREDENTIALS_DIRECTORY": credentials])
        #expect(result.diagnostics.isEmpty, "\(result.rendered())")
        guard case .postgresql(let location)? = result.configuration?.outbox else {
            Issue.record("no PostgreSQL outbox")
            return
        }
        #expect(location.password?.revealed == "from-systemd")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var lines: String
        var message: String
        var line: Int
        var column: Int
        var hint: String?
        /// Text that must not appear in anything printed (a password).
        var secret: String?

        var testDescription: String { lines }
    }

    static let password = "the outbox URL holds a password"

    @Test(arguments: [
        Case(lines: "outbox postgresql://broadcastd:hunter2@db/bd\n", message: password, line: 3, column: 31,
             hint: OutboxSyntax.passwordHint, secret: "hunter2"),
        Case(lines: "outbox postgresql://bd@db/bd?sslmode=require&password=hunter2\n", message: password, line: 3, column: 46,
             hint: OutboxSyntax.passwordHint, secret: "hunter2"),
        Case(lines: "outbox postgresql://bd:secret:pw@db/bd\n", message: "a secret cannot go inside the outbox URL", line: 3, column: 24,
             hint: OutboxSyntax.passwordHint, secret: nil),
        Case(lines: "outbox postgresql://bd@db/bd?sslmode=prefer\n", message: "unknown sslmode 'prefer'", line: 3, column: 38,
             hint: "expected one of: disable, require, verify-full"),
        Case(lines: "outbox postgresql://bd@db/bd?sslmode=verify_full\n", message: "unknown sslmode 'verify_full'", line: 3, column: 38,
             hint: "expected one of: disable, require, verify-full; did you mean 'verify-full'?"),
        Case(lines: "outbox postgresql://bd@db/bd?sslmod=require\n", message: "unknown outbox URL parameter 'sslmod'", line: 3, column: 30,
             hint: "did you mean 'sslmode'?"),
        Case(lines: "outbox postgresql://db.example.org/bd\n", message: "the outbox URL names no user", line: 3, column: 21,
             hint: "write USER@ before the host, e.g. \(OutboxSyntax.example)"),
        Case(lines: "outbox postgresql://bd@db.example.org\n", message: "the outbox URL names no database", line: 3, column: 38,
             hint: "end the URL with /DATABASE, e.g. \(OutboxSyntax.example)"),
        Case(lines: "outbox postgresql://bd@db:99999/bd\n", message: "the port must be between 1 and 65535, not 99999", line: 3, column: 27),
        Case(lines: "outbox postgresql://bd@/bd\n", message: "the outbox URL names no host", line: 3, column: 24,
             hint: "e.g. \(OutboxSyntax.example); an IPv6 address goes in brackets: [::1]"),
        Case(lines: "outbox mysql://bd@db/bd\n", message: "unsupported outbox URL scheme 'mysql'", line: 3, column: 8,
             hint: "the outbox is 'sqlite' or a PostgreSQL database: \(OutboxSyntax.form)"),
        Case(lines: "outbox sqlit\n", message: "unknown outbox 'sqlit'", line: 3, column: 8,
             hint: "write 'outbox sqlite' (the state folder's outbox.sqlite, the default) or 'outbox \(OutboxSyntax.form)'"),
        Case(lines: "outbox postgresql://bd@db/bd\noutbox-password hunter2\n", message: "the outbox password must be given as secret:NAME",
             line: 4, column: 17, secret: "hunter2"),
        Case(lines: "outbox-password secret:pw\n", message: "'outbox-password' is set but the outbox is SQLite", line: 3, column: 1,
             hint: "remove it, or add 'outbox \(OutboxSyntax.form)'"),
        Case(lines: "outbox sqlite\noutbox postgresql://bd@db/bd\n", message: "'outbox' is already set on line 3", line: 4, column: 1,
             hint: "keep one 'outbox' line"),
    ])
    func refusesWithThePlaceAndTheWayOut(_ example: Case) throws {
        let result = Self.load(example.lines)
        let error = try #require(result.diagnostics.first { $0.severity == .error }, "accepted: \(example.lines)")
        #expect(error.message == example.message)
        #expect((error.location.line, error.location.column) == (example.line, example.column), "\(result.rendered())")
        if let hint = example.hint { #expect(error.hint == hint) }
        #expect(result.configuration == nil)
        let rendered = result.rendered()
        #expect(rendered.contains("broadcastd.conf:\(example.line):\(example.column): error: \(example.message)"), "\(rendered)")
        if let secret = example.secret {
            #expect(!rendered.contains(secret), "\(rendered)")
            #expect(!error.message.contains(secret) && error.hint?.contains(secret) != true)
        }
    }

    @Test func withoutStateOrAPostgreSQLOutboxTheHintOffersBoth() throws {
        let result = Self.load("", state: false)
        let error = try #require(result.diagnostics.first { $0.severity == .error })
        #expect(error.message == "no 'state' setting")
        #expect(error.hint?.contains("outbox postgresql://") == true)
    }

    @Test func theOutboxAloneIsReadWithoutTheGatewaysSecrets() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("secrets/outbox-pw", "pw-for-the-outbox\n")
        let config = try folder.write("broadcastd.conf", """
            schedule campaign.schedule
            secrets secrets
            outbox postgresql://bd@db.example.org:6432/bd?sslmode=require
            outbox-password secret:outbox-pw

            gateway kannel
                kind kannel
                url http://127.0.0.1:13013/cgi-bin/sendsms
                password secret:not-readable-here
            """)
        let location = try DaemonConfigLoader.outboxLocation(configPath: config, environment: [:])
        guard case .postgresql(let postgres) = location else {
            Issue.record("not PostgreSQL: \(location)")
            return
        }
        #expect(postgres.port == 6432 && postgres.tls == .require)
        #expect(postgres.password?.revealed == "pw-for-the-outbox")
    }

    @Test func theOutboxAloneReportsItsOwnMistakesWithPositionsAndNoPassword() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let config = try folder.write("broadcastd.conf", "schedule campaign.schedule\noutbox postgresql://bd:hunter2@db/bd\n")
        #expect {
            try DaemonConfigLoader.outboxLocation(configPath: config, environment: [:])
        } throws: { error in
            let text = "\(error)"
            return text.contains("\(config):2:23: error: the outbox URL holds a password") && !text.contains("hunter2")
        }
    }
}
