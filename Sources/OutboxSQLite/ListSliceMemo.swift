import Outbox

/// One lease's reads of recipient lists, kept for the length of the lease.
/// A schedule of many one-off messages to the same small list (a duty
/// officer's number, a test list) makes as many broadcasts, each read from the
/// start in the same lease: opening and reading the file for each cost about
/// as much as leasing it (`bench on-time`, Benchmarks/RESULTS.md).
///
/// Only a slice that reached the list's end is reused, and only for a read
/// from the same place asking for at least as many recipients: it is then the
/// slice a new read would give, unless the file changed in the few
/// milliseconds of this lease, which the lease could not have told from a
/// change just after it either. Unreadable lists are not remembered: each
/// broadcast is held with its own problem, as before.
final class ListSliceMemo {
    private let source: any RecipientSource
    private var ended: [Place: RecipientSlice] = [:]

    private struct Place: Hashable {
        var list: String
        var token: Int64
    }

    init(source: any RecipientSource) {
        self.source = source
    }

    func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice {
        let place = Place(list: list, token: token)
        if let slice = ended[place], slice.recipients.count <= limit { return slice }
        let slice = try source.read(list: list, from: token, limit: limit)
        if slice.isEnd { ended[place] = slice }
        return slice
    }
}
