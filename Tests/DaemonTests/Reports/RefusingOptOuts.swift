import Outbox
import Synchronization

/// The opt-out seam as a full disk or a broken database leaves it: while
/// `refusing` is set every write throws, reads still answer. Wraps a real
/// backend, so what is written otherwise lands in it.
final class RefusingOptOuts: OptOutOutbox {
    struct Refused: Error, CustomStringConvertible {
        var description: String { "the outbox refuses writes (test)" }
    }

    let outbox: any OptOutOutbox
    let refusing = Atomic(false)

    init(_ outbox: any OptOutOutbox) {
        self.outbox = outbox
    }

    private func write() throws {
        if refusing.load(ordering: .sequentiallyConsistent) { throw Refused() }
    }

    func addOptOut(_ phone: String, source: String, now: Int64) async throws -> Bool {
        try write()
        return try await outbox.addOptOut(phone, source: source, now: now)
    }

    func removeOptOut(_ phone: String) async throws -> Bool {
        try write()
        return try await outbox.removeOptOut(phone)
    }

    func replaceOptOuts(from source: String, with phones: [String], now: Int64,
                        removing: Bool) async throws -> (added: Int, removed: Int) {
        try write()
        return try await outbox.replaceOptOuts(from: source, with: phones, now: now, removing: removing)
    }

    func optOut(_ phone: String) async throws -> OptOut? { try await outbox.optOut(phone) }
    func optOuts(limit: Int) async throws -> [OptOut] { try await outbox.optOuts(limit: limit) }
    func optOutCount() async throws -> Int64 { try await outbox.optOutCount() }
    func optOutCount(from source: String) async throws -> Int64 { try await outbox.optOutCount(from: source) }
}
