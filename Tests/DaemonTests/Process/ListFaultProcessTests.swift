import Foundation
import GatewaySimulator
import LineLanguage
import Outbox
@testable import OutboxSQLite
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Fault injection on the recipient list of a running broadcast: replaced,
/// truncated, grown, rewritten in place or swapped for a FIFO at a seeded random point. Whatever
/// happens, nobody off the planned list gets the SMS, nobody gets it twice,
/// and every planned person is either reached or the broadcast is held with a
/// reason: nothing is dropped silently. Each case runs a few seconds.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)))
struct ListFaultProcessTests {
    enum Fault: CaseIterable {
        case replaced, truncated, grown, rewritten, fifo
    }

    static let planned = (0..<240).map(DaemonHarness.syntheticNumber)
    static let strangers = (0..<240).map { String(format: "+86171%08d", $0) }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func aListChangedAtARandomPointNeverReachesAStrangerNorDropsAnyoneSilently(seed: UInt64) async throws {
        var random = SeededGenerator(seed: seed)
        let fault = Fault.allCases[Int(seed - 1) % Fault.allCases.count]
        let point = Int.random(in: 1...Self.planned.count / 2, using: &random)
        let daemon = try await DaemonHarness(lists: ["recipients.txt": Self.planned], schedule: DaemonProcessTests.schedule(),
                                             gateway: "rate 120/s burst 6\nconcurrency 6")
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-03-01T09:59:59+08:00")
        #expect(await daemon.simulator.log.waitForRequests(point, timeout: .seconds(20)) != nil, "\(daemon.log.suffix(2000))")
        try inject(fault, into: daemon.directory.appendingPathComponent("recipients.txt").path, random: &random)

        // Settled: everyone planned reached, or the broadcast held with its reason.
        var problem: String?
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let held = try daemon.statusJSON()["held"] as? [[String: Any]], let first = held.first?["problem"] as? String {
                problem = first
                break
            }
            if Set(daemon.receivedNumbers).isSuperset(of: Self.planned) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let received = daemon.receivedNumbers
        let context = "seed \(seed), \(fault) after \(point) sends"
        #expect(Set(received).isSubset(of: Set(Self.planned)), "a number off the planned list was sent: \(context)")
        #expect(received.count == Set(received).count, "someone got the SMS twice: \(context)")
        if let problem {
            #expect(problem.contains(fault == .fifo ? "a phone list must be a regular file" : "changed"), "\(context): \(problem)")
        } else {
            #expect(Set(received) == Set(Self.planned), "neither everyone reached nor held: \(context)\n\(daemon.log.suffix(2000))")
        }
    }

    /// Changes the file at `path` the way `fault` says, with numbers from outside the plan.
    private func inject(_ fault: Fault, into path: String, random: inout SeededGenerator) throws {
        let lines = Self.planned
        let cut = Int.random(in: 1..<lines.count, using: &random)
        switch fault {
        case .replaced:
            let fresh = path + ".new"
            try (Self.strangers.joined(separator: "\n") + "\n").write(toFile: fresh, atomically: false, encoding: .utf8)
            guard rename(fresh, path) == 0 else { throw HarnessError("cannot rename over the list") }
        case .truncated:
            try overwrite(path, with: lines.prefix(cut).joined(separator: "\n") + "\n")
        case .grown:
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((Self.strangers.prefix(cut).joined(separator: "\n") + "\n").utf8))
            try handle.close()
        case .fifo:
            // Read, a FIFO would block the dispatcher until a writer came.
            let fifo = path + ".fifo"
            guard mkfifo(fifo, 0o600) == 0, rename(fifo, path) == 0 else { throw HarnessError("cannot put a FIFO in place") }
        case .rewritten:
            // Same size, other people: an editor saving over the file in place.
            try overwrite(path, with: "# synthetic test data\n" + Self.strangers.prefix(lines.count).joined(separator: "\n") + "\n")
        }
    }

    private func overwrite(_ path: String, with text: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }
}
