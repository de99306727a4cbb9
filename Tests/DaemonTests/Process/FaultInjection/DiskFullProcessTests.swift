import Delivery
import Foundation
import GatewaySimulator
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Faults the daemon meets in production, made real: each suite breaks one
/// thing under a running daemon and checks that it stays up, loses nothing and
/// recovers by itself. `swift test --filter FaultInjection` runs the group.
@Suite(.serialized)
struct FaultInjection {
    @Suite(.serialized, .timeLimit(.minutes(3)),
           .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)),
           .enabled(if: TmpfsMount.isPermitted, "needs to mount a tmpfs (root with CAP_SYS_ADMIN); skipped here"))
    struct DiskFull {
        static let token = "disk-full-reports-0123456789"

        @Test func aFullDiskMidBroadcastKeepsTheDaemonAndItsListenerUpAndEveryoneIsReachedOnceWhenSpaceReturns() async throws {
            let port = try FreePort.pick()
            // 1,200 at 100/s: twelve seconds of sends, most of them after the disk fills, so
            // the outbox must grow while it is full (a short broadcast could end on space
            // SQLite had already allocated, and then nothing would fail).
            let daemon = try await DaemonHarness(recipients: 1_200, schedule: DaemonProcessTests.schedule(),
                                                 gateway: "rate 100/s burst 10\nconcurrency 8",
                                                 settings: "reports 127.0.0.1:\(port)\nreports-token \(Self.token)")
            let disk = try TmpfsMount(at: daemon.stateFolder, size: "6m")
            defer { Task { daemon.signal(SIGKILL); _ = await daemon.waitForExit(seconds: 5); disk.unmount(); await daemon.stop() } }
            try daemon.start(pretendNow: "2021-03-01T09:59:58+08:00")

            // Mid-broadcast: some sent, most not.
            #expect(await daemon.simulator.log.waitForRequests(60, timeout: .seconds(30)) != nil, "\(daemon.log.suffix(2000))")
            disk.fill()
            try await daemon.waitForLog(containing: "failed; nothing is lost", seconds: 60)
            let sentWhileFull = daemon.simulator.log.requestCount
            #expect(sentWhileFull < daemon.recipients.count, "the disk filled too late to test anything")

            // Still up, and the report listener still answers (a 404 for an unknown path is an answer).
            #expect(daemon.isRunning)
            let transport = HTTPTransport()
            let answer = try await transport.send(HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/"), timeout: .seconds(10))
            await transport.shutdown()
            #expect(answer.status >= 200, "the listener did not answer")
            #expect(daemon.isRunning)

            disk.free()
            try await daemon.waitUntilEveryoneReached(timeout: 90)
            try await daemon.waitForLog(containing: "works again", seconds: 30)
            #expect(daemon.isRunning)
            let received = daemon.receivedNumbers
            #expect(Set(received) == Set(daemon.recipients))
            #expect(received.count == daemon.recipients.count, "\(received.count - daemon.recipients.count) sent twice")
            #expect(await daemon.stopGracefully() == 0, "\(daemon.log.suffix(2000))")
            let counts = try daemon.outbox().broadcastStatuses().map(\.counts)
            #expect(counts.reduce(0) { $0 + $1.delivered } == Int64(daemon.recipients.count))
        }
    }
}
