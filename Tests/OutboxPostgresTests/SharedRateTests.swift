import Foundation
import Outbox
import OutboxPostgres
import OutboxTestSupport
import Testing

/// A gateway's rate held across instances: the lease transaction takes tokens
/// from the destination's shared bucket (`rate_buckets`), refilled on the
/// database's clock, so instances together lease no more than the bucket allows.
struct SharedRateTests {
    let server: PostgresTestServer
    let configuration: PostgresOutboxConfiguration
    static let launch: Int64 = 1_612_872_000
    /// 20/s, burst 5: the gateway's `rate 20/s burst 5`.
    static let rate = [SharedRateBucket(perSecond: 20, burst: 5)]

    init() throws {
        server = try PostgresTestServer.shared()
        configuration = try server.configuration(database: "rate-" + UUID().uuidString)
    }

    func open() async throws -> PostgresOutbox {
        try await PostgresOutbox.open(configuration, access: .daemon(now: Self.launch))
    }

    static func request(owner: String, limit: Int, source: RangeListSource,
                        rate: [SharedRateBucket] = rate) -> LeaseRequest {
        LeaseRequest(now: launch, limit: limit, owner: owner, leaseSeconds: 300, destination: "kannel", campaign: "c",
                     source: source, caps: nil, sharedRate: rate)
    }

    func enqueue(_ count: Int, on outbox: PostgresOutbox) async throws -> RangeListSource {
        let key = BroadcastKey(campaign: "c", message: "m", occurrence: Self.launch, region: "r", channel: "sms", audience: "list")
        _ = try await outbox.enqueue([NewBroadcast(key: key, destination: "kannel", text: "t", dueAt: Self.launch,
                                                   recipients: .list("l", count: Int64(count)))], now: 0)
        return RangeListSource(lists: ["l": [0..<count]])
    }

    /// Moves the bucket's last take `seconds` into the past: as if that much time went by.
    func age(bySeconds seconds: Double) throws {
        _ = try server.psql("UPDATE rate_buckets SET updated_at = updated_at - \(seconds)", database: configuration.database)
    }

    @Test func aLeaseTakesNoMoreThanTheBucketHoldsAndItRefillsAtTheRate() async throws {
        let first = try await open()
        let second = try await open()
        let source = try await enqueue(1_000, on: first)

        let started = Date()
        let full = try await first.recordAndLease([], Self.request(owner: "a", limit: 100, source: source)).batch
        #expect(full.leases.count == 5, "a new bucket starts full: the burst")
        let wait = try #require(full.sharedRateWait, "the bucket held the lease back")
        #expect(wait > 0 && wait <= 0.05 + 0.01, "one token at 20/s comes within 50 ms: \(wait)")

        // Another instance finds the bucket the first one emptied.
        let empty = try await second.recordAndLease([], Self.request(owner: "b", limit: 100, source: source)).batch
        /// What the bucket allows since the first lease: the burst, and 20/s of the time that went by and was added.
        func allowed(adding seconds: Double = 0) -> Int { 5 + Int((20 * (Date().timeIntervalSince(started) + seconds)).rounded(.down)) }
        #expect(full.leases.count + empty.leases.count <= allowed(), "at most what refilled since: \(empty.leases.count)")

        try age(bySeconds: 0.15)
        let refilled = try await second.recordAndLease([], Self.request(owner: "b", limit: 100, source: source)).batch
        #expect(refilled.leases.count >= 3, "0.15 s at 20/s: \(refilled.leases.count)")
        #expect(full.leases.count + empty.leases.count + refilled.leases.count <= allowed(adding: 0.15))
        try age(bySeconds: 60)
        let capped = try await first.recordAndLease([], Self.request(owner: "a", limit: 100, source: source)).batch
        #expect(capped.leases.count == 5, "a quiet minute refills up to the burst, no more")

        // Less due than the bucket allows: the bucket did not hold it back.
        try age(bySeconds: 60)
        let small = try await first.recordAndLease([], Self.request(owner: "a", limit: 2, source: source)).batch
        #expect(small.leases.count == 2 && small.sharedRateWait == nil)
        // Without a shared rate (a route, or an unlimited gateway) nothing is held back.
        let free = try await first.recordAndLease([], Self.request(owner: "a", limit: 50, source: source, rate: [])).batch
        #expect(free.leases.count == 50 && free.sharedRateWait == nil)
    }

    /// Two instances leasing as fast as they can for a while: together never
    /// more than the burst plus the rate times the time they took.
    @Test func instancesLeasingAtOnceShareOneBucket() async throws {
        let instances = [try await open(), try await open()]
        let source = try await enqueue(3_000, on: instances[0])
        let started = Date()
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for (index, outbox) in instances.enumerated() {
                group.addTask {
                    var mine = 0
                    while Date().timeIntervalSince(started) < 1.5 {
                        let batch = try await outbox.recordAndLease([], Self.request(owner: "i\(index)", limit: 100, source: source)).batch
                        mine += batch.leases.count
                        if let wait = batch.sharedRateWait { try await Task.sleep(for: .seconds(wait)) }
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let elapsed = Date().timeIntervalSince(started)
        let total = counts.reduce(0, +)
        let allowed = 5 + Int((20 * elapsed).rounded(.down))
        #expect(total <= allowed, "\(counts) leased in \(elapsed) s; the bucket allows \(allowed)")
        // More than the burst: the bucket refilled while they leased (how much is the test above;
        // on a loaded machine a slow lease leaves the bucket full for a while, and that time is lost).
        #expect(total > 5, "the bucket refills while they lease: \(counts) in \(elapsed) s")
        #expect(counts.allSatisfy { $0 > 0 }, "both instances lease: \(counts)")
        let leased = try server.psql("SELECT count(*) FROM deliveries WHERE state = 1", database: configuration.database)
        #expect(leased.trimmingCharacters(in: .whitespacesAndNewlines) == "\(total)")
    }
}
