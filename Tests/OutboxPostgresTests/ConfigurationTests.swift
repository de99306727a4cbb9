import OutboxPostgres
import Testing

/// `outbox postgresql://…` as broadcastd.conf writes it: what is taken, and
/// what is refused with a reason that never repeats a password.
struct ConfigurationTests {
    @Test(arguments: [
        ("postgresql://broadcastd@db.example.org/outbox",
         PostgresOutboxConfiguration(host: "db.example.org", port: 5432, user: "broadcastd", database: "outbox", tls: .require)),
        ("postgresql://bd@127.0.0.1:6543/o?sslmode=disable",
         PostgresOutboxConfiguration(host: "127.0.0.1", port: 6543, user: "bd", database: "o", tls: .disable)),
        ("postgres://bd@[::1]:5433/o?sslmode=verify-full",
         PostgresOutboxConfiguration(host: "::1", port: 5433, user: "bd", database: "o", tls: .verifyFull)),
    ])
    func aURLGivesItsParts(_ url: String, _ expected: PostgresOutboxConfiguration) throws {
        #expect(try PostgresOutboxConfiguration(url: url) == expected)
        #expect(try PostgresOutboxConfiguration(url: expected.url) == expected, "the printed form reads back")
    }

    @Test(arguments: [
        ("mysql://bd@h/o", "must start with postgresql://"),
        ("postgresql://h/o", "names no user"),
        ("postgresql://bd@h", "names no database"),
        ("postgresql://bd@h:99999/o", "port"),
        ("postgresql://bd@h/o?sslmode=prefer", "sslmode 'prefer'"),
        ("postgresql://bd@h/o?timeout=3", "unknown parameter"),
    ])
    func aBadURLSaysWhatIsWrong(_ url: String, _ problem: String) {
        #expect {
            try PostgresOutboxConfiguration(url: url)
        } throws: { error in
            "\(error)".contains(problem) && "\(error)".contains("expected postgresql://USER@HOST")
        }
    }

    @Test func aPasswordInTheURLIsRefusedWithoutBeingRepeated() {
        #expect {
            try PostgresOutboxConfiguration(url: "postgresql://bd:hunter2@h/o")
        } throws: { error in
            "\(error)".contains("outbox-password secret:NAME") && !"\(error)".contains("hunter2")
        }
    }

    @Test func thePrintedFormHasNoPassword() {
        let configuration = PostgresOutboxConfiguration(host: "h", user: "bd", password: "hunter2", database: "o")
        #expect(!configuration.description.contains("hunter2"))
    }
}
