import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// systemd may stop the daemon the moment it says READY=1. READY now comes from
/// inside the running service group, which has SIGTERM trapped by then, so such
/// a stop is graceful (exit 0, the stop recorded) and never the signal's default
/// action, which ended the process with status 15.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)))
struct ReadinessProcessTests {
    @Test func sigtermTheMomentReadyArrivesIsAGracefulStop() async throws {
        let daemon = try await DaemonHarness(recipients: 5, schedule: DaemonProcessTests.schedule(), gateway: "rate 100/s")
        defer { Task { await daemon.stop() } }
        for round in 1...5 {
            try daemon.start(pretendNow: "2021-03-01T09:00:00+08:00")
            #expect(await daemon.stopGracefully() == 0, "round \(round)\n\(daemon.log.suffix(1500))")
        }
        #expect(try daemon.outbox().daemonRecord()?.stoppedAt != nil)
    }
}
