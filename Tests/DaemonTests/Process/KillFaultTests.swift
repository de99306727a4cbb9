import Foundation
import LineLanguage
import Outbox
@testable import OutboxSQLite
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Fault injection: SIGKILL at points drawn from a seed, over several seeds.
/// A point is either a moment after the process starts (while it creates or
/// opens its outbox, enqueues, or reads a list: wherever the time lands) or a
/// number of requests the gateway has seen (mid-send). Whatever the points,
/// everyone on the overlapping lists is reached, nobody off them, and the extra
/// copies (a person on two lists included) stay within what was in flight at each kill.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)))
struct KillFaultTests {
    static let concurrency = 8
    static let kills = 5
    static let pretendNow = "2021-03-01T09:59:59+08:00"

    /// A county inside a city inside the province, their lists overlapping.
    static let lists: [String: [String]] = [
        "province.txt": (0..<1_400).map(DaemonHarness.syntheticNumber),
        "city.txt": (1_000..<1_800).map(DaemonHarness.syntheticNumber),
        "county.txt": ((1_600..<2_000).map { $0 } + (200..<300).map { $0 }).map(DaemonHarness.syntheticNumber),
    ]

    static let schedule = OverlapProcessTests.schedule

    enum KillPoint: CustomStringConvertible {
        /// Milliseconds after the process was started, READY or not.
        case afterStart(milliseconds: Int)
        /// Once the gateway has seen this many more requests than before the start.
        case afterRequests(Int)

        var description: String {
            switch self {
            case .afterStart(let milliseconds): "\(milliseconds) ms after start"
            case .afterRequests(let count): "after \(count) more requests"
            }
        }

        static func draw(using random: inout SeededGenerator) -> KillPoint {
            Bool.random(using: &random)
                ? .afterStart(milliseconds: Int.random(in: 0...1_500, using: &random))
                : .afterRequests(Int.random(in: 1...400, using: &random))
        }
    }

    @Test(arguments: [UInt64(2021), 0x9_6110, 0x5EED])
    func sigkillAtSeededPointsReachesEveryoneOnceGiveOrTakeWhatWasInFlight(seed: UInt64) async throws {
        var random = SeededGenerator(seed: seed)
        // The first kill lands in the first start-up, while the outbox is created.
        let points = [KillPoint.afterStart(milliseconds: Int.random(in: 0...60, using: &random))]
            + (1..<Self.kills).map { _ in KillPoint.draw(using: &random) }
        let daemon = try await DaemonHarness(lists: Self.lists, schedule: Self.schedule,
                                             gateway: "rate 400/s burst 40\nconcurrency \(Self.concurrency)\ntimeout 5s")
        defer { Task { await daemon.stop() } }

        for point in points {
            let before = daemon.simulator.log.requestCount
            guard before < daemon.recipients.count else { break }
            try daemon.launch(pretendNow: Self.pretendNow)
            switch point {
            case .afterStart(let milliseconds):
                // The kill point itself is what is random here, not a wait for an event.
                try await Task.sleep(for: .milliseconds(milliseconds))
            case .afterRequests(let count):
                _ = await daemon.simulator.log.waitForRequests(before + count, timeout: .seconds(30))
            }
            daemon.signal(SIGKILL)
            #expect(await daemon.waitForExit(seconds: 10) != nil, "seed \(seed): the daemon did not die at \(point)")
        }
        #expect(try await daemon.finish(pretendNow: Self.pretendNow) == 0,
                "seed \(seed), kills \(points)\n\(daemon.log.suffix(3000))")

        #expect(Set(daemon.receivedNumbers) == Set(daemon.recipients), "seed \(seed), kills \(points)")
        #expect(daemon.extraCopies <= Self.kills * DaemonHarness.copiesAKillMayCost(concurrency: Self.concurrency, perSecond: 400),
                "seed \(seed): \(daemon.extraCopies) extra copies after kills \(points)")
        let counts = try daemon.outbox().broadcastStatuses().map(\.counts)
        #expect(counts.reduce(0) { $0 + $1.inFlight } == 0)
        print("kill faults, seed \(seed): kills \(points); \(daemon.receivedNumbers.count) requests for \(daemon.recipients.count) people")
    }
}
