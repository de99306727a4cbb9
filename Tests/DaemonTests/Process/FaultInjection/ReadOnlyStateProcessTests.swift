import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension FaultInjection {
    /// A state folder the operator can only read while the daemon runs:
    /// `pause` and `optout add` say nothing changed and give the emergency
    /// stop, which holds the sending until it is lifted.
    @Suite(.serialized, .timeLimit(.minutes(3)),
           .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)),
           .enabled(if: TmpfsMount.isPermitted, "needs to mount a tmpfs (root with CAP_SYS_ADMIN); skipped here"))
    struct ReadOnlyState {
        @Test func pauseAndOptoutSayNothingChangedAndTheEmergencyStopHoldsUntilLifted() async throws {
            let concurrency = 4
            let daemon = try await DaemonHarness(recipients: 300, schedule: DaemonProcessTests.schedule(),
                                                 gateway: "rate 40/s burst 4\nconcurrency \(concurrency)")
            let disk = try TmpfsMount(at: daemon.stateFolder, size: "16m")
            let view = daemon.directory.appendingPathComponent("state-read-only").path
            defer {
                Task {
                    daemon.signal(SIGKILL); _ = await daemon.waitForExit(seconds: 5)
                    umount2(view, Int32(MNT_DETACH)); disk.unmount(); await daemon.stop()
                }
            }
            try daemon.start(pretendNow: "2021-03-01T09:59:58+08:00")
            #expect(await daemon.simulator.log.waitForRequests(20, timeout: .seconds(30)) != nil, "\(daemon.log.suffix(2000))")
            try disk.readOnlyView(at: view)

            let pause = try daemon.control(["pause", "--campaign", "drill", "--state", view])
            #expect(pause.status == 1)
            #expect(pause.stderr.contains("nothing was paused"), "\(pause.stderr)")
            #expect(pause.stderr.contains("systemctl kill -s SIGUSR1 broadcastd"), "\(pause.stderr)")
            #expect(pause.stderr.contains("kill -USR1 \(daemon.pid)"), "\(pause.stderr)")
            #expect(!pause.stderr.contains("SQLite error 8:"), "a raw SQLite message without the file")

            let optout = try daemon.control(["optout", "add", "13800000000", "--state", view])
            #expect(optout.status == 1)
            #expect(optout.stderr.contains("NOT opted out"), "\(optout.stderr)")
            #expect(!optout.stdout.contains("opted out"), "claims success: \(optout.stdout)")

            daemon.signal(SIGUSR1)
            try await daemon.waitForLog(containing: "emergency stop (SIGUSR1)", seconds: 10)
            // What was in flight may still arrive; nothing new after that.
            let atStop = daemon.simulator.log.requestCount
            try await Task.sleep(for: .seconds(3))
            let held = daemon.simulator.log.requestCount
            #expect(held - atStop <= concurrency, "\(held - atStop) sent after the emergency stop")
            #expect(held < daemon.recipients.count)
            #expect(daemon.isRunning)
            // The daemon's own outbox is writable: its next heartbeat shows the stop to `status`.
            try await daemon.waitForStatus(seconds: 15) { ($0["daemon"] as? [String: Any])?["emergencyStopSince"] is String }

            daemon.signal(SIGUSR2)
            try await daemon.waitUntilEveryoneReached(timeout: 60)
            #expect(daemon.log.contains("emergency stop lifted"))
            #expect(Set(daemon.receivedNumbers) == Set(daemon.recipients))
        }
    }
}
