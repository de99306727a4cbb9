import Foundation
import GatewaySimulator
import Outbox
import OutboxPostgres
import OutboxTestSupport
import Testing

/// Opening: what `broadcastctl` may not create, and what an error may not say.
struct OpeningTests {
    /// A database without the outbox's schema is refused for `broadcastctl`,
    /// and left without one; the daemon's opening creates it.
    @Test func anEmptyDatabaseIsRefusedForReadingAndMadeForTheDaemon() async throws {
        let server = try PostgresTestServer.shared()
        let configuration = try server.configuration(database: "empty-" + UUID().uuidString)
        await #expect {
            _ = try await PostgresOutbox.open(configuration, access: .existing)
        } throws: { error in
            "\(error)".contains("has no outbox schema") && "\(error)".contains("start broadcastd on it once")
        }
        #expect(try server.psql("SELECT to_regclass('broadcasts') IS NULL", database: configuration.database).contains("t"))
        _ = try await PostgresOutbox.open(configuration, access: .daemon(now: 0))
        let reader = try await PostgresOutbox.open(configuration, access: .existing)
        #expect(reader.generation == nil, "a reader registers no instance")
        #expect(try await reader.campaigns().isEmpty)
    }

    /// A server that cannot be reached: the error names the URL and why, never the password.
    @Test func anUnreachableServerIsNamedWithoutThePassword() async throws {
        let configuration = PostgresOutboxConfiguration(host: "127.0.0.1", port: try FreePort.pick(), user: "broadcastd",
                                                        password: "hunter2-secret", database: "outbox", tls: .disable)
        await #expect {
            _ = try await PostgresOutbox.open(configuration, access: .daemon(now: 0))
        } throws: { error in
            let text = "\(error)"
            return text.contains("postgresql://broadcastd@127.0.0.1:\(configuration.port)/outbox") && !text.contains("hunter2")
        }
    }
}
