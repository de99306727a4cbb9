import Foundation
import Outbox
@testable import OutboxSQLite
import Testing

/// Issue 5, item 2 with the real daemon: one message to a province, a city in it
/// and a county in the city, whose phone lists overlap (20 000 people on 27 000
/// list positions), killed three times mid-broadcast — once while each list is
/// being read. Everyone gets it, a number on several lists gets it once (give or
/// take the transfers in flight at a kill), from the deepest region listing it.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)))
struct OverlapProcessTests {
    struct Region {
        var path: String
        var file: String
        var ranges: [Range<Int>]
        /// The request count at which the daemon is killed, while this list is read.
        var killAfterRequests: Int
    }

    /// Read county first (5 000 sent), then the city (6 000 sent), then the
    /// province (9 000 sent): the kills land inside each.
    static let regions = [
        Region(path: "test/city/county", file: "county.txt", ranges: [16_000..<20_000, 5_000..<6_000], killAfterRequests: 2_500),
        Region(path: "test/city", file: "city.txt", ranges: [10_000..<18_000], killAfterRequests: 8_000),
        Region(path: "test", file: "province.txt", ranges: [0..<14_000], killAfterRequests: 15_000),
    ]
    static let people = 20_000
    static let concurrency = 16
    static let pretendNow = "2021-03-01T09:59:59+08:00"

    static let schedule = """
        campaign drill 演练
            starts      2021-03-01
            lasts       2 days
            timezone    Asia/Shanghai
            sms-gateway sim
            signature   【演练】

        region test 测试省
            sms province.txt
        region test/city 测试市
            sms city.txt
        region test/city/county 测试县
            sms county.txt

        message broadcast
            at   2021-03-01 10:00
            to   test, test/**
            via  sms
            text 反诈演练：接到96110来电请务必接听。
        """

    static func numbers(_ region: Region) -> [String] { region.ranges.flatMap { $0 }.map(DaemonHarness.syntheticNumber) }

    /// What `region` must send: its numbers that no deeper region lists.
    static func attributed(to region: Region) -> Set<String> {
        let deeper = regions.prefix { $0.path != region.path }.flatMap(numbers)
        return Set(numbers(region)).subtracting(deeper)
    }

    @Test func threeKillsWhileOverlappingListsAreReadSendEachPersonOnceFromTheDeepestRegion() async throws {
        let daemon = try await DaemonHarness(
            lists: Dictionary(uniqueKeysWithValues: Self.regions.map { ($0.file, Self.numbers($0)) }),
            schedule: Self.schedule, gateway: "rate 2000/s burst 200\nconcurrency \(Self.concurrency)\ntimeout 5s")
        defer { Task { await daemon.stop() } }
        #expect(daemon.recipients.count == Self.people)

        for (index, region) in Self.regions.enumerated() {
            #expect(try await daemon.runUntilKilled(afterRequests: region.killAfterRequests, pretendNow: Self.pretendNow),
                    "stalled before the kill in \(region.path)\n\(daemon.log.suffix(2000))")
            let cursors = try cursorsByRegion(daemon.outbox())
            #expect(Self.regions[..<index].allSatisfy { cursors[$0.path]?.exhausted == true }, "\(cursors)")
            #expect(cursors[region.path].map { $0.read > 0 && !$0.exhausted } == true, "\(cursors)")
            #expect(Self.regions[(index + 1)...].allSatisfy { cursors[$0.path]?.read == 0 }, "\(cursors)")
        }
        #expect(try await daemon.finish(pretendNow: Self.pretendNow) == 0, "\(daemon.log.suffix(3000))")

        #expect(Set(daemon.receivedNumbers) == Set(daemon.recipients))
        #expect(daemon.extraCopies <= Self.regions.count * DaemonHarness.copiesAKillMayCost(concurrency: Self.concurrency, perSecond: 2000),
                "\(daemon.extraCopies) extra copies")
        print("overlap SIGKILL test: \(daemon.receivedNumbers.count) requests for \(Self.people) people, \(daemon.extraCopies) extra copies")
        let outbox = try daemon.outbox()
        for region in Self.regions {
            let expected = Self.attributed(to: region)
            let delivered = try outbox.log(LogQuery(region: region.path, outcome: .delivered, limit: 2 * Self.people))
            #expect(Set(delivered.map(\.key.recipient)) == expected, "\(region.path)")
            let status = try #require(try outbox.broadcastStatuses(BroadcastFilter(region: region.path)).first)
            #expect(status.isExact)
            #expect(status.counts.delivered == Int64(expected.count), "\(region.path)")
            #expect(status.counts.total == status.counts.delivered, "\(region.path): \(status.counts)")
            #expect(status.duplicates == Int64(Self.numbers(region).count - expected.count), "\(region.path)")
        }
        // What an operator reads: the positions add up, the duplicates closing the gap.
        let occurrence = try #require((try daemon.statusJSON()["broadcasts"] as? [[String: Any]])?.first)
        let positions = Self.regions.reduce(0) { $0 + Self.numbers($1).count }
        #expect(occurrence["total"] as? Int == positions)
        #expect((occurrence["counts"] as? [String: Int])?["delivered"] == Self.people)
        #expect(occurrence["duplicates"] as? Int == positions - Self.people)
        #expect(occurrence["state"] as? String == "finished")
    }

    private func cursorsByRegion(_ outbox: OutboxConnection) throws -> [String: (read: Int64, exhausted: Bool)] {
        Dictionary(uniqueKeysWithValues: try outbox.broadcastStatuses().map { status in
            (status.key.region, (status.cursor, status.total.map { status.cursor == $0 } ?? false))
        })
    }
}
