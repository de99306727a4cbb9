import Foundation
import Outbox
import OutboxPostgres
import OutboxTestSupport
import Testing

/// The PostgreSQL side of `broadcastctl outbox copy`: a copy is one transaction
/// that a failed count check undoes entirely, on a schema it migrated itself,
/// without registering an instance.
struct CopyFillTests {
    static let optouts = OutboxCopyTable.all.first { $0.name == "optouts" }!
    static let controls = OutboxCopyTable.all.first { $0.name == "controls" }!

    @Test func aFailedCountCheckLeavesNothingAndAPassedOneKeepsIdsAhead() async throws {
        let server = try PostgresTestServer.shared()
        let configuration = try server.configuration(database: "copy-fill-" + UUID().uuidString)
        let outbox = try await PostgresOutbox.open(configuration, access: .filling)
        #expect(outbox.generation == nil, "the copy registers no instance")
        let row: [OutboxCopyValue] = [.text("+8613800000001"), .text("broadcastctl"), .integer(1_700_000_000)]

        struct Mismatch: Error {}
        var seen: [String: Int] = [:]
        await #expect(throws: Mismatch.self) {
            try await outbox.fill({ try await $0.write(Self.optouts, rows: [row]) }, verify: { counts in
                seen = counts
                throw Mismatch()
            })
        }
        #expect(seen["optouts"] == 1 && seen["broadcasts"] == 0, "the check saw the copy's own rows: \(seen)")
        let left = try server.psql("SELECT count(*) FROM optouts", database: configuration.database)
        #expect(left.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "rolled back")

        // Ids kept as copied; the next id the database makes comes after them.
        // Text that PostgreSQL's array syntax must carry through: quotes, a backslash, braces, a comma, NULL-like words.
        let awkward = #"chunfeng/"later" \ {a,b} NULL"#
        let control: [OutboxCopyValue] = [.integer(41), .integer(1_700_000_000), .text("ops"), .text("pause"), .text(awkward),
                                          .text("paused"), .integer(1)]
        try await outbox.fill({ try await $0.write(Self.controls, rows: [control]) }, verify: { _ in })
        try await outbox.recordControl(ControlRecord(at: 1_700_000_001, user: "ops", command: "resume", target: "t",
                                                     outcome: "resumed", changed: true))
        let records = try await outbox.controlRecords(limit: 5)
        #expect(records.contains { $0.target == awkward && $0.changed }, "\(records)")
        let ids = try server.psql("SELECT string_agg(id::text, ',' ORDER BY id) FROM controls", database: configuration.database)
        #expect(ids.trimmingCharacters(in: .whitespacesAndNewlines) == "41,42")
    }
}
