/// The opt-out list: numbers added by reply, report or command, and the
/// campaigns' opt-out files, each file its own `source`. A lease skips any
/// number on it. Each call is one unit of work.
public protocol OptOutOutbox: Sendable {
    /// Returns false when `phone` was already opted out (its first source stays).
    func addOptOut(_ phone: String, source: String, now: Int64) async throws -> Bool
    /// Returns false when `phone` was not opted out.
    func removeOptOut(_ phone: String) async throws -> Bool
    func optOut(_ phone: String) async throws -> OptOut?
    /// The newest first, at most `limit`.
    func optOuts(limit: Int) async throws -> [OptOut]
    func optOutCount() async throws -> Int64
    /// How many numbers `source` holds now.
    func optOutCount(from source: String) async throws -> Int64
    /// Makes `source` hold exactly `phones`; with `removing` false only adds
    /// (a file caught mid-write is trusted to opt people out, never back in).
    func replaceOptOuts(from source: String, with phones: [String], now: Int64,
                        removing: Bool) async throws -> (added: Int, removed: Int)
}
