import Testing
@testable import Outbox

/// What a reach keeps per person, and when it gives it back.
struct ReachPruneTests {
    let now = Sample.launchAt

    /// The rows stay while any list of the reach may still be read — even when
    /// the deeper lists are done — and then go in chunks of at most `limit`,
    /// leaving another reach that is still running alone.
    @Test func prunesOnlyFinishedReachesInChunks() throws {
        let folder = try TemporaryDirectory()
        let outbox = try Outbox(path: folder.outboxPath)
        try outbox.enqueue(Overlap.standard.broadcasts(message: "launch") + Overlap.standard.broadcasts(message: "chuxi"), now: 0)
        let launch = BroadcastFilter(message: "launch")
        try outbox.pause(campaign: Sample.campaign, message: "chuxi", now: now)
        // The county's 500 and 700 of the city's 800 (600 of them new): the city is still being read.
        try outbox.drain(now: now, batch: 100, source: LimitedSource(base: Overlap.standard.source, lists: ["jiangxi/nanchang": 700]))
        #expect(try outbox.broadcastStatuses(launch).filter { $0.cursor > 0 }.map(\.key.region).sorted()
            == ["jiangxi/nanchang", "jiangxi/nanchang/donghu"])
        #expect(try outbox.pruneReached(limit: 10_000) == 0)
        #expect(try outbox.reachedCount() == 500 + 600)

        try outbox.resume(campaign: Sample.campaign, message: "chuxi")
        try outbox.drain(now: now, batch: 100, source: Overlap.standard.source)
        try outbox.enqueue([Sample.regional(message: "later", region: "jiangxi", rank: 1, list: "jiangxi", count: 1_400)], now: 0)
        _ = try outbox.leaseDue(now: now, limit: 10, owner: "d", leaseSeconds: 30, source: Overlap.standard.source)
        #expect(try outbox.reachedCount() == 2 * 2_000 + 10)

        var chunks: [Int] = []
        while true {
            let deleted = try outbox.pruneReached(limit: 1_500)
            if deleted == 0 { break }
            chunks.append(deleted)
        }
        #expect(chunks == [1_500, 1_500, 1_000])
        #expect(try outbox.reachedCount() == 10)
        #expect(try outbox.positionsAddUp())
    }

    /// A reach closed by a cancel is finished too: nothing will read its lists.
    @Test func aCancelledReachIsPruned() throws {
        let folder = try TemporaryDirectory()
        let outbox = try Outbox(path: folder.outboxPath)
        try outbox.enqueue(Overlap.standard.broadcasts(), now: 0)
        _ = try outbox.leaseDue(now: now, limit: 50, owner: "d", leaseSeconds: 30, source: Overlap.standard.source)
        #expect(try outbox.pruneReached(limit: 100) == 0)
        try outbox.cancel(BroadcastFilter(message: "launch"), reason: "withdrawn")
        #expect(try outbox.pruneReached(limit: 100) == 50)
        #expect(try outbox.reachedCount() == 0)
    }

    /// E.164 numbers are kept as 8-byte integers; anything that could collide
    /// with another text once its `+` is dropped stays text.
    @Test(arguments: [
        ("+8613812345678", "integer"), ("+1", "integer"), ("+123456789012345678", "integer"),
        ("+1234567890123456789", "text"), ("+08613812345678", "text"), ("8613812345678", "text"),
        ("+", "text"), ("+86 138", "text"), ("wecom-nanchang", "text"),
    ])
    func storesNumbersCompactly(recipient: String, type: String) throws {
        let folder = try TemporaryDirectory()
        let outbox = try Outbox(path: folder.outboxPath)
        try outbox.enqueue([Sample.listed(list: "one", count: 1)], now: 0)
        let reach = try outbox.reach(of: Sample.key(region: "jiangxi"))
        #expect(try outbox.claim(recipient, in: reach))
        #expect(try !outbox.claim(recipient, in: reach))
        #expect(try outbox.database.prepare("SELECT typeof(phone) FROM reached").firstRow { $0.text(0) } == type)
    }

    @Test func numbersThatLookAlikeStayApart() throws {
        let folder = try TemporaryDirectory()
        let outbox = try Outbox(path: folder.outboxPath)
        try outbox.enqueue([Sample.listed(list: "one", count: 1)], now: 0)
        let reach = try outbox.reach(of: Sample.key(region: "jiangxi"))
        for recipient in ["+8613812345678", "8613812345678", "+08613812345678", "+86138123456780"] {
            #expect(try outbox.claim(recipient, in: reach), "\(recipient)")
        }
    }
}

/// Stops each named list after `lists[name]` positions (as if the rest were not
/// read yet); other lists read through.
struct LimitedSource: RecipientSource {
    var base: any RecipientSource
    var lists: [String: Int]

    func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice {
        guard let stop = lists[list] else { return try base.read(list: list, from: token, limit: limit) }
        let slice = try base.read(list: list, from: token, limit: min(limit, max(0, stop - Int(token))))
        return RecipientSlice(recipients: slice.recipients, next: slice.next, isEnd: slice.isEnd && Int(slice.next) < stop)
    }
}
