import Testing
@testable import Outbox
@testable import OutboxSQLite

/// What a reach keeps per person, and when it gives it back.
struct ReachPruneTests {
    let now = Sample.launchAt

    /// The rows stay while any list of the reach may still be read — even when
    /// the deeper lists are done — and then go in chunks of at most `limit`,
    /// leaving another reach that is still running alone.
    @Test func prunesOnlyFinishedReachesInChunks() throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
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
        // The province is read last, so it only looks numbers up: 500 + 600 claims per message.
        #expect(try outbox.reachedCount() == 2 * 1_100)
        try outbox.enqueue(Overlap.standard.broadcasts(message: "later"), now: 0)
        _ = try outbox.leaseDue(now: now, limit: 10, owner: "d", leaseSeconds: 30, source: Overlap.standard.source)
        #expect(try outbox.reachedCount() == 2 * 1_100 + 10)

        var chunks: [Int] = []
        while true {
            let deleted = try outbox.pruneReached(limit: 1_500)
            if deleted == 0 { break }
            chunks.append(deleted)
        }
        #expect(chunks == [1_500, 700])
        #expect(try outbox.reachedCount() == 10)
        #expect(try outbox.positionsAddUp())
    }

    /// A reach closed by a cancel is finished too: nothing will read its lists.
    @Test func aCancelledReachIsPruned() throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        try outbox.enqueue(Overlap.standard.broadcasts(), now: 0)
        _ = try outbox.leaseDue(now: now, limit: 50, owner: "d", leaseSeconds: 30, source: Overlap.standard.source)
        #expect(try outbox.pruneReached(limit: 100) == 0)
        try outbox.cancel(BroadcastFilter(message: "launch"), reason: "withdrawn")
        #expect(try outbox.pruneReached(limit: 100) == 50)
        #expect(try outbox.reachedCount() == 0)
    }

    /// The county's claims: the city and the province read after it.
    private func countyClaims(_ outbox: OutboxConnection) throws -> ReachClaims {
        try outbox.enqueue(Overlap.standard.broadcasts(), now: 0)
        let county = try #require(try outbox.onlyStatus(BroadcastFilter(region: "jiangxi/nanchang/donghu")))
        let claims = try outbox.claims(in: outbox.reach(of: county.key), by: county.id)
        return try #require(claims?.claims == true ? claims : nil)
    }

    /// E.164 numbers are kept as integers; anything that could collide with
    /// another text once its `+` is dropped stays text.
    @Test(arguments: [
        ("+8613812345678", "integer"), ("+1", "integer"), ("+123456789012345678", "integer"),
        ("+1234567890123456789", "text"), ("+08613812345678", "text"), ("8613812345678", "text"),
        ("+", "text"), ("+86 138", "text"), ("wecom-nanchang", "text"),
    ])
    func storesNumbersCompactly(recipient: String, type: String) throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        let claims = try countyClaims(outbox)
        #expect(try claims.claim(recipient))
        #expect(try !claims.claim(recipient))
        #expect(try outbox.database.prepare("SELECT typeof(phone) FROM reached").firstRow { $0.text(0) } == type)
    }

    @Test func numbersThatLookAlikeStayApart() throws {
        let folder = try TemporaryDirectory()
        let outbox = try OutboxConnection(path: folder.outboxPath)
        let claims = try countyClaims(outbox)
        for recipient in ["+8613812345678", "8613812345678", "+08613812345678", "+86138123456780"] {
            #expect(try claims.claim(recipient), "\(recipient)")
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
