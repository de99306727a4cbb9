import Foundation
import Testing

/// The outbox's SQL and its SQLite are the backend's business: everything else
/// goes through the seam's protocols (Sources/Outbox/Seams), so a second
/// backend (PostgreSQL) plugs in without touching a caller.
struct OutboxSeamTests {
    static let backend = "OutboxSQLite"
    /// Backends own their SQL; each imports its own client and no other.
    static let backends: Set<String> = [backend, "OutboxPostgres"]

    /// Names only the SQLite backend may use: its connection, statements'
    /// helpers, schema and migrations, the C API, and SQL text itself.
    /// (`Statement` is left out: the schedule's syntax has one of its own.)
    static let sqlOnly = try! NSRegularExpression(pattern: #"""
        \b(Database|SQLBindable|SQLNull|OutboxSchema|Migrator|IntegrityCheck)\b|\bsqlite3_|\.database\b|"(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA)\s
        """#)

    @Test func onlyTheSQLiteBackendImportsCSQLite() throws {
        let graph = try ModuleBoundaryTests.importGraph()
        for (module, imports) in graph where module != Self.backend && module != "CSQLite" {
            #expect(!imports.contains("CSQLite"), "\(module) imports CSQLite: go through the outbox's protocols")
        }
    }

    @Test func onlyThePostgresBackendImportsPostgresNIO() throws {
        let graph = try ModuleBoundaryTests.importGraph()
        for (module, imports) in graph where module != "OutboxPostgres" {
            #expect(!imports.contains("PostgresNIO"), "\(module) imports PostgresNIO: go through the outbox's protocols")
        }
    }

    @Test func nothingButTheBackendNamesSQLTypesOrWritesSQL() throws {
        for folder in ["Sources", "Benchmarks/Sources"] {
            let base = ModuleBoundaryTests.root.appendingPathComponent(folder)
            let enumerator = FileManager.default.enumerator(atPath: base.path)
            while let file = enumerator?.nextObject() as? String {
                guard file.hasSuffix(".swift"), !Self.backends.contains(where: { file.hasPrefix($0 + "/") }) else { continue }
                let text = try String(contentsOf: base.appendingPathComponent(file), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    // Comments may speak of the database; code may not reach into it.
                    let code = line.range(of: "//").map { String(line[..<$0.lowerBound]) } ?? String(line)
                    guard Self.sqlOnly.firstMatch(in: code, range: NSRange(code.startIndex..., in: code)) != nil else { continue }
                    Issue.record("\(folder)/\(file):\(number + 1) names the SQLite backend's internals: \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
    }

    @Test func theRuleSeesSQLAndTheBackendsTypes() {
        func flagged(_ line: String) -> Bool {
            Self.sqlOnly.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
        }
        #expect(flagged(#"try outbox.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")"#))
        #expect(flagged(#"let rows = "SELECT count(*) FROM attempts""#))
        #expect(flagged("let db = try Database(path: path)"))
        #expect(!flagged("var statements: [Statement] = []"))
        #expect(!flagged("try await outbox.pruneLog(before: cutoff, limit: 5_000)"))
    }
}
