import Foundation
@testable import OutboxSQLite
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The state folder's outbox across restarts of the real daemon: a stopped
/// daemon whose outbox was emptied or lost refuses to start, says which file and
/// what to do, and sends nothing again.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)))
struct OutboxIdentityProcessTests {
    /// Runs the drill broadcast to its end and stops the daemon; the number of sends.
    private func finishedBroadcast() async throws -> DaemonHarness {
        let daemon = try await DaemonHarness(recipients: 20, schedule: DaemonProcessTests.schedule(), gateway: "rate 100/s")
        try daemon.start(pretendNow: "2021-03-01T09:59:58+08:00")
        try await daemon.waitUntilEveryoneReached(timeout: 30)
        #expect(await daemon.stopGracefully() == 0)
        return daemon
    }

    @Test func aTruncatedOutboxIsRefusedAtStartAndNobodyGetsTheBroadcastAgain() async throws {
        let daemon = try await finishedBroadcast()
        defer { Task { await daemon.stop() } }
        let sent = daemon.simulator.log.requestCount
        let outbox = daemon.stateFolder + "/outbox.sqlite"
        #expect(truncate(outbox, 0) == 0)

        let (status, saidReady) = try await daemon.startExpectingRefusal(pretendNow: "2021-03-01T10:00:30+08:00")
        #expect(status == 1, "\(daemon.log.suffix(2000))")
        #expect(!saidReady)
        #expect(daemon.log.contains("\(outbox): is empty (0 bytes)"), "\(daemon.log.suffix(2000))")
        #expect(daemon.log.contains("Restore this state folder's outbox.sqlite from a backup"))
        #expect(daemon.simulator.log.requestCount == sent)
        let size = try FileManager.default.attributesOfItem(atPath: outbox)[.size] as? Int
        #expect(size == 0, "the refused file is left for the operator")
    }

    @Test func aDeletedOutboxIsRefusedBecauseTheFolderRemembersIt() async throws {
        let daemon = try await finishedBroadcast()
        defer { Task { await daemon.stop() } }
        let sent = daemon.simulator.log.requestCount
        try FileManager.default.removeItem(atPath: daemon.stateFolder + "/outbox.sqlite")

        let (status, saidReady) = try await daemon.startExpectingRefusal(pretendNow: "2021-03-01T10:00:30+08:00")
        #expect(status == 1 && !saidReady, "\(daemon.log.suffix(2000))")
        #expect(daemon.log.contains("is missing, but outbox.id says this folder's outbox is"))
        #expect(daemon.simulator.log.requestCount == sent)
        #expect(!FileManager.default.fileExists(atPath: daemon.stateFolder + "/outbox.sqlite"))
    }

    @Test func theStateFilesArePrivateUnderAPermissiveUmask() async throws {
        let daemon = try await DaemonHarness(recipients: 5, schedule: DaemonProcessTests.schedule(), gateway: "rate 100/s")
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-03-01T09:59:58+08:00", umask: "000")
        try await daemon.waitUntilEveryoneReached(timeout: 30)
        // While it runs: the database, its WAL and shared memory, and the identity marker.
        for name in ["outbox.sqlite", "outbox.sqlite-wal", "outbox.sqlite-shm", "outbox.id"] {
            let mode = try FileManager.default.attributesOfItem(atPath: daemon.stateFolder + "/" + name)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name): \(String(mode ?? 0, radix: 8))")
        }
    }

    @Test func anOutboxDamagedInPageTwoIsRefusedBeforeReadyWithTheRestoreHint() async throws {
        let daemon = try await finishedBroadcast()
        defer { Task { await daemon.stop() } }
        let outbox = daemon.stateFolder + "/outbox.sqlite"
        // Fold whatever the WAL still holds into the file first: a newer copy of
        // page 2 in the WAL would otherwise mask the damage from the next start.
        try daemon.outbox().checkpoint()
        let handle = try #require(FileHandle(forWritingAtPath: outbox))
        try handle.seek(toOffset: 4096)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096))
        try handle.close()

        let (status, saidReady) = try await daemon.startExpectingRefusal(pretendNow: "2021-03-01T10:00:30+08:00")
        #expect(status == 1 && !saidReady, "\(daemon.log.suffix(2000))")
        #expect(daemon.log.contains("SQLite error 11 on \(outbox)"), "\(daemon.log.suffix(2000))")
        #expect(daemon.log.contains("sqlite3 \(outbox) .recover"))
    }
}
