import Outbox
import Synchronization
import Testing

/// A broadcast reads the list it started with, or stops and says so: a list
/// replaced under it (another identity) holds it with the choice the operator
/// has, never reads the new file from the old offset; `restartList` reads the
/// new list from its start without sending anyone twice.
struct ListChangeConformanceTests {
    /// A list that can be swapped: `version` is its identity, `numbers` what it holds.
    final class SwappableSource: RecipientSource, Sendable {
        let file = Mutex((numbers: ListChangeConformanceTests.planned, version: "file-1"))

        func swap(to numbers: [String]? = nil, version: String) {
            file.withLock { file in
                file.numbers = numbers ?? file.numbers
                file.version = version
            }
        }

        func read(list: String, from token: Int64, limit: Int) throws -> RecipientSlice {
            let (numbers, version) = file.withLock { ($0.numbers, $0.version) }
            let start = min(Int(token), numbers.count)
            let end = min(start + limit, numbers.count)
            return RecipientSlice(recipients: Array(numbers[start..<end]), next: Int64(end), isEnd: end == numbers.count,
                                  identity: version)
        }
    }

    static let planned = (1...6).map { "+861380000000\($0)" }
    static let replacement = ["+8613800000002", "+8613900000001", "+8613900000002", "+8613900000003"]

    let now = Campaign.launch
    let hold = HeldBroadcast.retrySeconds
    let source = SwappableSource()
    let tip = BroadcastFilter(campaign: Campaign.name, message: "tip")

    func enqueued(_ backend: BackendFactory) async throws -> Subject {
        let subject = try await Subject(backend)
        _ = try await subject.outbox.enqueue([NewBroadcast(key: Campaign.key(message: "tip"), destination: "kannel", text: Campaign.text,
                                                           dueAt: now, recipients: .list("r1.txt", count: 6))], now: 0)
        return subject
    }

    func lease(_ outbox: any OutboxBackend, at time: Int64, limit: Int = 3) async throws -> LeaseBatch {
        try await outbox.recordAndLease([], Campaign.request(now: time, limit: limit, source: source)).batch
    }

    @Test(arguments: OutboxBackends.all)
    func aReplacedListHoldsItsBroadcastWithTheOperatorsChoice(_ backend: BackendFactory) async throws {
        let outbox = try await enqueued(backend).outbox
        #expect(try await lease(outbox, at: now).leases.map(\.key.recipient) == Array(Self.planned.prefix(3)))
        source.swap(to: Self.replacement, version: "file-2")
        let batch = try await lease(outbox, at: now + 1)
        #expect(batch.leases.isEmpty, "nothing is read from the new file at the old offset")
        let problem = try #require(batch.heldProblems.first)
        #expect(problem.contains("'r1.txt' changed"))
        #expect(problem.contains("broadcastctl resume --restart-list 'tip' --campaign 'chunfeng'"))
        #expect(problem.contains("broadcastctl cancel"))
        #expect(try await outbox.snapshot(at: now + 1).held.map(\.problem) == [problem])
        // Still the other file a hold later: still held, and not finished.
        #expect(try await lease(outbox, at: now + 1 + hold).leases.isEmpty)
        #expect(try await outbox.only(tip)?.cursor == 3)
    }

    @Test(arguments: OutboxBackends.all)
    func theOldFileBackTheBroadcastGoesOn(_ backend: BackendFactory) async throws {
        let outbox = try await enqueued(backend).outbox
        _ = try await lease(outbox, at: now)
        source.swap(version: "file-2")
        _ = try await lease(outbox, at: now + 1)
        source.swap(version: "file-1")
        let batch = try await lease(outbox, at: now + 1 + hold, limit: 10)
        #expect(batch.leases.map(\.key.recipient) == Array(Self.planned.suffix(3)))
        #expect(try await outbox.snapshot(at: now + 1 + hold).held.isEmpty)
    }

    @Test(arguments: OutboxBackends.all)
    func restartingReadsTheNewListFromItsStartAndReachesNobodyTwice(_ backend: BackendFactory) async throws {
        let outbox = try await enqueued(backend).outbox
        _ = try await lease(outbox, at: now)
        source.swap(to: Self.replacement, version: "file-2")
        _ = try await lease(outbox, at: now + 1)
        #expect(try await outbox.restartList(tip) == (1, 0))
        #expect(try await outbox.snapshot(at: now + 1).held.isEmpty)
        let batch = try await lease(outbox, at: now + 2, limit: 10)
        // +8613800000002 was reached from the first file: not leased again.
        #expect(batch.leases.map(\.key.recipient) == Array(Self.replacement.dropFirst()))
        // Only a held, changed broadcast restarts: a second restart finds none.
        #expect(try await outbox.restartList(tip) == (0, 0))
    }

    @Test(arguments: OutboxBackends.all)
    func aBroadcastNotHeldForAChangeIsNotRestarted(_ backend: BackendFactory) async throws {
        let outbox = try await enqueued(backend).outbox
        _ = try await lease(outbox, at: now)
        #expect(try await outbox.restartList(.all) == (0, 0))
        #expect(try await lease(outbox, at: now + 1, limit: 10).leases.count == 3)
    }
}
