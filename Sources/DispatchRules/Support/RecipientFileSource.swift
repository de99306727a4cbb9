import Outbox
import Plan
import Schedule

/// Reads a region's phone list for the outbox, a slice at a time, from a byte
/// offset the outbox keeps with the broadcast's cursor: after a restart the read
/// resumes there without reading the millions of lines before it again.
/// Numbers come out in E.164 (`country` for those written without a calling
/// code); blank lines, `#` comments and malformed lines are skipped (`check`
/// reports the malformed ones, and refuses a list with more than the campaign tolerates).
public struct RecipientFileSource: RecipientSource, Sendable {
    private let chunkSize: Int
    private let country: CallingCode

    public init(chunkSize: Int = 1 << 16, country: CallingCode = .china) {
        self.chunkSize = chunkSize
        self.country = country
    }

    /// Each slice carries the file's identity (`ListIdentity`) as it was opened,
    /// which the outbox compares with the one the broadcast started with; a
    /// file whose identity moved during the read (written to meanwhile) gives
    /// no slice, since what was read may be half old, half new.
    public func read(list path: String, from token: Int64, limit: Int) throws -> RecipientSlice {
        let slice: RecipientSlice
        let reader: PhoneListReader
        do {
            // The dispatcher leases a few dozen numbers at a time: reading a whole
            // 64 KiB chunk for them cost more than parsing them. The reader reads on
            // when the guess falls short (comments, long lines).
            let chunk = min(chunkSize, max(4096, (limit + 1) * 32))
            reader = try PhoneListReader(path: path, country: country, from: token, chunkSize: chunk)
            slice = try Self.slice(from: reader, limit: limit)
        } catch {
            // The outbox holds this broadcast and tries again; the others go on.
            throw RecipientListUnavailable("cannot read the recipient list '\(path)'"
                                           + ((error as? PhoneListError)?.reason.map { ": " + $0 } ?? " (missing or unreadable)"))
        }
        guard let identity = reader.identity, reader.currentIdentity() == identity else {
            throw RecipientListUnavailable("the recipient list '\(path)' changed while it was read; tried again later")
        }
        return RecipientSlice(recipients: slice.recipients, next: slice.next, isEnd: slice.isEnd, identity: identity.description)
    }

    private static func slice(from reader: PhoneListReader, limit: Int) throws -> RecipientSlice {
        var recipients: [String] = []
        while true {
            let before = reader.offset
            guard let entry = try reader.next() else {
                return RecipientSlice(recipients: recipients, next: reader.offset, isEnd: true)
            }
            guard case .number(let phone) = entry else { continue }
            // One number past the limit proves the list goes on; it is read again next time.
            if recipients.count >= limit { return RecipientSlice(recipients: recipients, next: before, isEnd: false) }
            recipients.append(phone.e164)
        }
    }
}
