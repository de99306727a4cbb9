import DaemonConfig
import Foundation
import GatewaySimulator
import Outbox
import OutboxPostgres
import OutboxTestSupport
import Testing
@testable import OutboxOpening

/// The opener and the probe against a real PostgreSQL the tests start themselves
/// (initdb into a temporary folder, a free loopback port): the backend chosen,
/// and each usual failure named for what it is.
@Suite(.serialized)
struct OutboxOpenerPostgresTests {
    static func location(_ settings: PostgresOutboxConfiguration, user: String? = nil, password: String? = nil,
                         database: String? = nil, port: Int? = nil, tls: PostgreSQLLocation.TLSMode = .disable) -> OutboxLocation {
        .postgresql(PostgreSQLLocation(user: user ?? settings.user, host: settings.host, port: port ?? settings.port,
                                       databaseName: database ?? settings.database, tls: tls,
                                       passwordSecret: password == nil ? nil : "outbox-pw",
                                       password: password.map(SecretText.init(plain:))))
    }

    @Test func aPostgreSQLLocationOpensThePostgreSQLBackend() async throws {
        let settings = try PostgresTestServer.shared().configuration(database: "opener_backend")
        let location = Self.location(settings)
        let probeBefore = await OutboxOpener.probe(location)
        #expect(probeBefore.succeeded, "\(probeBefore)")
        #expect(probeBefore.detail.contains("no outbox yet"), "\(probeBefore.detail)")
        await #expect(throws: OutboxOpenError.self, "a reader must not create the outbox") {
            try await OutboxOpener.open(location, access: .existing)
        }

        let opened = try await OutboxOpener.open(location, access: .daemon(now: 1_700_000_000))
        #expect(opened.backend is PostgresOutbox)
        #expect(opened.isShared, "several daemons share a PostgreSQL outbox")
        #expect(opened.place == location.description)
        let reader = try await OutboxOpener.open(location, access: .existing)
        #expect(reader.backend is PostgresOutbox)
        let probeAfter = await OutboxOpener.probe(location)
        #expect(probeAfter.succeeded && probeAfter.detail.contains("schema version"), "\(probeAfter)")
    }

    @Test func nothingListeningIsConnectionRefused() async throws {
        let settings = try PostgresTestServer.shared().configuration(database: "opener_refused")
        let location = Self.location(settings, port: try FreePort.pick())
        let probe = await OutboxOpener.probe(location)
        #expect(probe.problem == .refused, "\(probe)")
        let started = ContinuousClock.now
        let error = await #expect(throws: OutboxOpenError.self) { try await OutboxOpener.open(location, access: .existing) }
        #expect(ContinuousClock.now - started < .seconds(15), "a reader must not wait for a database that is not there")
        #expect(error?.description.contains("connection refused") == true, "\(String(describing: error))")
    }

    @Test(arguments: [PostgreSQLLocation.TLSMode.require, .verifyFull])
    func tlsAskedOfAServerWithoutItIsATLSFailure(mode: PostgreSQLLocation.TLSMode) async throws {
        let settings = try PostgresTestServer.shared().configuration(database: "opener_tls")
        let probe = await OutboxOpener.probe(Self.location(settings, tls: mode))
        #expect(probe.problem == .tls, "\(probe)")
        #expect(probe.detail.contains("does not offer TLS"), "\(probe.detail)")
    }

    @Test func aMissingDatabaseIsNamed() async throws {
        let settings = try PostgresTestServer.shared().configuration(database: "opener_missing")
        let probe = await OutboxOpener.probe(Self.location(settings, database: "no_such_database"))
        #expect(probe.problem == .databaseMissing, "\(probe)")
        #expect(probe.detail.contains("no_such_database"), "\(probe.detail)")
    }

    @Test func aWrongPasswordIsAnAuthenticationFailureAndIsNeverPrinted() async throws {
        let server = try PostgresTestServer.shared()
        let settings = try server.configuration(database: "opener_auth")
        // A role of its own that must give a password over TCP; every other role keeps the server's trust.
        try server.requirePassword(role: "opener_probe", password: "right-pw-8c1e")
        let wrong = Self.location(settings, user: "opener_probe", password: "wrong-pw-5d2a")
        let probe = await OutboxOpener.probe(wrong)
        #expect(probe.problem == .authentication, "\(probe)")
        #expect(probe.detail.contains("password authentication failed"), "\(probe.detail)")
        #expect(!probe.detail.contains("wrong-pw-5d2a") && !probe.place.contains("wrong-pw-5d2a"), "\(probe)")
        let error = await #expect(throws: OutboxOpenError.self) { try await OutboxOpener.open(wrong, access: .existing) }
        #expect(error?.description.contains("wrong-pw-5d2a") == false, "\(String(describing: error))")

        let right = await OutboxOpener.probe(Self.location(settings, user: "opener_probe", password: "right-pw-8c1e"))
        #expect(right.succeeded, "\(right)")
    }
}

extension PostgresTestServer {
    /// A login role that must sign in with `password` over TCP (scram), the
    /// server's other roles keeping their trust: the first matching pg_hba line wins.
    func requirePassword(role: String, password: String) throws {
        try psql("""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(role)') THEN
                CREATE ROLE \(role) LOGIN PASSWORD '\(password)';
              END IF;
            END $$
            """)
        let hba = folder + "/data/pg_hba.conf"
        let line = "host all \(role) 127.0.0.1/32 scram-sha-256\n"
        let text = try String(contentsOfFile: hba, encoding: .utf8)
        // In place, not atomically: the file keeps its owner (the postgres user when the tests run as root).
        if !text.contains(line) { try (line + text).write(toFile: hba, atomically: false, encoding: .utf8) }
        try psql("SELECT pg_reload_conf()")
    }
}
