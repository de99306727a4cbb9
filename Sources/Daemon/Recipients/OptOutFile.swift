import Logging
import Outbox
import Plan
import Schedule

/// The campaigns' `optout FILE`s, loaded into the outbox's opt-out table at
/// start and on every reload. Each file is its own source (`file:<path>`), so a
/// number deleted from the file stops being opted out, while numbers opted out
/// by command or delivery report stay whatever the files say.
///
/// A number leaves the list only after a read that saw one whole, steady file:
/// a file that changed while it was read (its size or modification time moved),
/// whose last line has no newline yet, or that is empty while it had numbers
/// (truncated by an editor about to write it again) may only add; its removals
/// wait for the next reload, and `Result.keptBecause` says why, for the log.
public enum OptOutFile {
    /// What one file gave.
    public struct Result: Hashable, Sendable {
        public var path: String
        public var numbers: Int
        /// Lines that are not numbers: skipped, so they opt nobody out.
        public var malformed: Int
        public var added: Int
        public var removed: Int
        /// Why numbers missing from the file stayed opted out; nil when the read was whole.
        public var keptBecause: String?

        public init(path: String, numbers: Int, malformed: Int, added: Int, removed: Int, keptBecause: String? = nil) {
            self.path = path
            self.numbers = numbers
            self.malformed = malformed
            self.added = added
            self.removed = removed
            self.keptBecause = keptBecause
        }
    }

    public struct ReadError: Error, CustomStringConvertible {
        public var campaign: String
        public var path: String
        public var reason: String?
        public var description: String {
            "campaign '\(campaign)': cannot read the opt-out file '\(path)'" + (reason.map { ": " + $0 } ?? "")
        }
    }

    /// Why a read cannot be trusted to opt anyone back in, or nil for a whole, steady file.
    public static func incompleteRead(_ reader: PhoneListReader) -> String? {
        guard let identity = reader.identity, let now = reader.currentIdentity() else { return "the file could not be examined" }
        if now != identity { return "the file was \(now.change(since: identity)) while it was read" }
        if let last = reader.lastByteRead, last != UInt8(ascii: "\n") {
            return "its last line has no newline (still being written?)"
        }
        return nil
    }

    public static func source(forPath path: String) -> String { "file:" + path }

    /// Replaces the entries of each campaign's opt-out file with what the file
    /// says now, numbers normalised with the campaign's `country`. A file named
    /// by several campaigns is loaded once, with the first one's country. Stops at the first file
    /// that cannot be read, leaving its entries as they were.
    public static func load(_ campaigns: [ScheduleDocument], into outbox: any OptOutOutbox, now: Int64) async throws -> [Result] {
        var loaded = Set<String>()
        var results: [Result] = []
        for document in campaigns {
            let campaign = document.campaign
            guard let list = campaign.optOutList, loaded.insert(list.resolvedPath).inserted else { continue }
            var numbers = Set<String>()
            var malformed = 0
            let reader: PhoneListReader
            do {
                reader = try PhoneListReader(path: list.resolvedPath, country: campaign.country)
                while let entry = try reader.next() {
                    switch entry {
                    case .number(let phone): numbers.insert(phone.e164)
                    case .malformed: malformed += 1
                    }
                }
            } catch {
                throw ReadError(campaign: campaign.name, path: list.resolvedPath, reason: error.reason)
            }
            let source = source(forPath: list.resolvedPath)
            var kept = incompleteRead(reader)
            if kept == nil, reader.identity?.size == 0, try await outbox.optOutCount(from: source) > 0 {
                kept = "the file is empty (truncated while being rewritten?); to clear it on purpose, leave a comment line in it"
            }
            let change = try await outbox.replaceOptOuts(from: source, with: numbers.sorted(), now: now, removing: kept == nil)
            results.append(Result(path: list.resolvedPath, numbers: numbers.count, malformed: malformed,
                                  added: change.added, removed: change.removed, keptBecause: kept))
        }
        return results
    }

    /// One line per file that changed anything, and a warning for each whose removals were held back.
    public static func log(_ results: [Result], to logger: Logger) {
        for result in results {
            if let kept = result.keptBecause {
                logger.warning("opt-out file read only in part: numbers missing from it stay opted out until a whole read",
                               metadata: ["file": "\(result.path)", "why": "\(kept)", "added": "\(result.added)"])
            } else if result.added > 0 || result.removed > 0 {
                logger.info("opt-out file loaded", metadata: ["file": "\(result.path)", "numbers": "\(result.numbers)",
                                                              "added": "\(result.added)", "removed": "\(result.removed)"])
            }
        }
    }
}
