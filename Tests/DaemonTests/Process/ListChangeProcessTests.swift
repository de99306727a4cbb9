import Foundation
import GatewaySimulator
import Outbox
@testable import OutboxSQLite
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real daemon with its recipient list replaced (`mv new.txt recipients.txt`)
/// while the broadcast runs: no number off the planned list is sent, the
/// broadcast is held with the reason in `status --json`, and
/// `broadcastctl resume --restart-list` sends to the new list from its start
/// without sending anyone twice.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)))
struct ListChangeProcessTests {
    static let gateway = "rate 40/s burst 4\nconcurrency 4"

    @Test func aListReplacedUnderItsBroadcastHoldsItAndRestartsOnlyWhenAsked() async throws {
        let planned = (0..<400).map(DaemonHarness.syntheticNumber)
        let daemon = try await DaemonHarness(lists: ["recipients.txt": planned], schedule: DaemonProcessTests.schedule(),
                                             gateway: Self.gateway)
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-03-01T09:59:59+08:00")
        #expect(await daemon.simulator.log.waitForRequests(20, timeout: .seconds(30)) != nil, "\(daemon.log.suffix(2000))")

        // A planner's fresh export: a few people of the old list, then people never planned.
        let fresh = Array(planned.prefix(5)) + (0..<60).map { String(format: "+86171%08d", $0) }
        try daemon.replaceList("recipients.txt", with: fresh)
        let problem = try await daemon.waitForHeldProblem(timeout: 30)
        #expect(problem.contains("changed since this broadcast started reading it"))
        #expect(problem.contains("broadcastctl resume --restart-list"))
        #expect(daemon.log.contains("broadcast held"))
        let sentBefore = Set(daemon.receivedNumbers)
        #expect(sentBefore.isSubset(of: Set(planned)), "a number off the planned list was sent")
        #expect(sentBefore.count < planned.count)

        // The operator's choice: the new list from its start.
        let answer = try daemon.broadcastctl(["resume", "--restart-list", "broadcast"])
        #expect(answer.status == 0, "\(answer.output)")
        let newPeople = Set(fresh).subtracting(sentBefore)
        let deadline = Date().addingTimeInterval(30)
        while !newPeople.isSubset(of: Set(daemon.receivedNumbers)) && Date() < deadline {
            _ = await daemon.simulator.log.waitForRequests(daemon.simulator.log.requestCount + 1, timeout: .seconds(1))
        }
        let received = daemon.receivedNumbers
        #expect(newPeople.isSubset(of: Set(received)), "\(daemon.log.suffix(2000))")
        #expect(received.count == Set(received).count, "someone got the message twice")
        #expect(Set(received).isSubset(of: Set(planned).union(fresh)))
    }
}

extension DaemonHarness {
    /// Writes `numbers` to a new file and renames it over `name`, as a planner's export does.
    func replaceList(_ name: String, with numbers: [String]) throws {
        let temporary = directory.appendingPathComponent(name + ".new")
        try (numbers.joined(separator: "\n") + "\n").write(to: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary.path, directory.appendingPathComponent(name).path) == 0 else {
            throw HarnessError("cannot rename over \(name)")
        }
    }

    /// Polls `status --json` (another process writes the outbox) until a broadcast is held; its problem.
    func waitForHeldProblem(timeout: Double) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let held = try statusJSON()["held"] as? [[String: Any]], let problem = held.first?["problem"] as? String {
                return problem
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError("no broadcast held after \(timeout) s\n\(log.suffix(2000))")
    }

    /// Runs `broadcastctl ARGUMENTS --state …` on this daemon's state folder.
    func broadcastctl(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try run("broadcastctl", arguments + ["--state-dir", directory.appendingPathComponent("state").path], timeout: 20)
    }
}
