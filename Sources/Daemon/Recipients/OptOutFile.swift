import Outbox
import Plan
import Schedule

/// The campaigns' `optout FILE`s, loaded into the outbox's opt-out table at
/// start and on every reload. Each file is its own source (`file:<path>`), so a
/// number deleted from the file stops being opted out, while numbers opted out
/// by command or delivery report stay whatever the files say.
public enum OptOutFile {
    /// What one file gave.
    public struct Result: Hashable, Sendable {
        public var path: String
        public var numbers: Int
        /// Lines that are not numbers: skipped, so they opt nobody out.
        public var malformed: Int
        public var added: Int
        public var removed: Int

        public init(path: String, numbers: Int, malformed: Int, added: Int, removed: Int) {
            self.path = path
            self.numbers = numbers
            self.malformed = malformed
            self.added = added
            self.removed = removed
        }
    }

    public struct ReadError: Error, CustomStringConvertible {
        public var campaign: String
        public var path: String
        public var description: String { "campaign '\(campaign)': cannot read the opt-out file '\(path)'" }
    }

    public static func source(forPath path: String) -> String { "file:" + path }

    /// Replaces the entries of each campaign's opt-out file with what the file
    /// says now, numbers normalised with the campaign's `country`. A file named
    /// by several campaigns is loaded once, with the first one's country. Stops at the first file
    /// that cannot be read, leaving its entries as they were.
    public static func load(_ campaigns: [ScheduleDocument], into outbox: Outbox, now: Int64) throws -> [Result] {
        var loaded = Set<String>()
        var results: [Result] = []
        for document in campaigns {
            let campaign = document.campaign
            guard let list = campaign.optOutList, loaded.insert(list.resolvedPath).inserted else { continue }
            var numbers = Set<String>()
            var malformed = 0
            do {
                let reader = try PhoneListReader(path: list.resolvedPath, country: campaign.country)
                while let entry = try reader.next() {
                    switch entry {
                    case .number(let phone): numbers.insert(phone.e164)
                    case .malformed: malformed += 1
                    }
                }
            } catch {
                throw ReadError(campaign: campaign.name, path: list.resolvedPath)
            }
            let change = try outbox.replaceOptOuts(from: source(forPath: list.resolvedPath), with: numbers.sorted(), now: now)
            results.append(Result(path: list.resolvedPath, numbers: numbers.count, malformed: malformed,
                                  added: change.added, removed: change.removed))
        }
        return results
    }
}
