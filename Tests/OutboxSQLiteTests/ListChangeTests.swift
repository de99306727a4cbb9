import Testing
@testable import Outbox
@testable import OutboxSQLite

/// A broadcast reads the list it started with, or stops and says so: a list
/// replaced under it (another identity) holds it with the choice the operator
/// has, never reads the new file from the old offset; `restartList` reads the
/// new list from its start without sending anyone twice.
struct ListChangeTests {
    /// A list that can be swapped: `version` is its identity, `numbers` what it holds.
    final class SwappableSource: RecipientSource {
        var numbers: [String]
        var version = "file-1"

        init(numbers: [String]) { self.numbers = numbers }

        func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice {
            let start = min(Int(token), numbers.count)
            let end = min(start + limit, numbers.count)
            return RecipientSlice(recipients: Array(numbers[start..<end]), next: Int64(end), isEnd: end == numbers.count,
                                  identity: version)
        }
    }

    static let planned = (1...6).map { "+861380000000\($0)" }
    static let replacement = ["+8613800000002", "+8613900000001", "+8613900000002", "+8613900000003"]

    let now = Sample.launchAt
    let folder: TemporaryDirectory
    let outbox: OutboxConnection
    let source = SwappableSource(numbers: ListChangeTests.planned)

    init() throws {
        folder = try TemporaryDirectory()
        outbox = try OutboxConnection(path: folder.outboxPath)
        try outbox.enqueue([Sample.listed(message: "tip", list: "r1.txt", count: 6)], now: 0)
    }

    func lease(at time: Int64, limit: Int = 3) throws -> LeaseBatch {
        try outbox.leaseBatch(now: time, limit: limit, owner: "d", leaseSeconds: 30, source: source)
    }

    @Test func aReplacedListHoldsItsBroadcastWithTheOperatorsChoice() throws {
        #expect(try lease(at: now).leases.map(\.key.recipient) == Array(Self.planned.prefix(3)))
        source.numbers = Self.replacement
        source.version = "file-2"
        let batch = try lease(at: now + 1)
        #expect(batch.leases.isEmpty, "nothing is read from the new file at the old offset")
        let problem = try #require(batch.heldProblems.first)
        #expect(problem.contains("'r1.txt' changed"))
        #expect(problem.contains("broadcastctl resume --restart-list 'tip' --campaign 'chunfeng'"))
        #expect(problem.contains("broadcastctl cancel"))
        #expect(try outbox.heldBroadcasts().map(\.problem) == [problem])
        // Still the other file a minute on: still held, and not finished.
        #expect(try lease(at: now + 1 + OutboxConnection.holdSeconds).leases.isEmpty)
        let status = try #require(try outbox.onlyStatus(BroadcastFilter(message: "tip")))
        #expect(status.cursor == 3)
    }

    @Test func theOldFileBackTheBroadcastGoesOn() throws {
        _ = try lease(at: now)
        source.version = "file-2"
        _ = try lease(at: now + 1)
        source.version = "file-1"
        let batch = try lease(at: now + 1 + OutboxConnection.holdSeconds, limit: 10)
        #expect(batch.leases.map(\.key.recipient) == Array(Self.planned.suffix(3)))
        #expect(try outbox.heldBroadcasts().isEmpty)
    }

    @Test func restartingReadsTheNewListFromItsStartAndReachesNobodyTwice() throws {
        _ = try lease(at: now)
        source.numbers = Self.replacement
        source.version = "file-2"
        _ = try lease(at: now + 1)
        #expect(try outbox.restartList(BroadcastFilter(campaign: Sample.campaign, message: "tip")) == (1, 0))
        #expect(try outbox.heldBroadcasts().isEmpty)
        let batch = try lease(at: now + 2, limit: 10)
        // +8613800000002 was reached from the first file: not leased again.
        #expect(batch.leases.map(\.key.recipient) == Array(Self.replacement.dropFirst()))
        // Only a held, changed broadcast restarts: a second restart finds none.
        #expect(try outbox.restartList(BroadcastFilter(campaign: Sample.campaign, message: "tip")) == (0, 0))
    }

    @Test func aBroadcastNotHeldForAChangeIsNotRestarted() throws {
        _ = try lease(at: now)
        #expect(try outbox.restartList(.all) == (0, 0))
        #expect(try lease(at: now + 1, limit: 10).leases.count == 3)
    }
}
