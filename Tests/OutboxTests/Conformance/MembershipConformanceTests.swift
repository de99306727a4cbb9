import Outbox
import Testing

/// `MembershipOutbox`: the daemon's record of itself, as `broadcastctl status`
/// reads it to tell a running daemon from a stopped or crashed one.
struct MembershipConformanceTests {
    let now = Campaign.launch

    @Test(arguments: OutboxBackends.all)
    func aStopIsTheLastHeartbeatAndARestartIsRunningAgain(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        try await outbox.recordDaemonStart(pid: 4242, now: now)
        try await outbox.recordReload(at: now + 5, error: "schedule.txt:3:7: unknown region 'nanchan'", changes: "ignored")
        var record = try #require(try await outbox.daemonRecord())
        #expect(record.pid == 4242 && record.lastReloadSucceeded == false)
        #expect(record.lastReloadError?.contains("schedule.txt:3:7") == true)
        #expect(record.lastReloadChanges == nil, "a refused reload changed nothing")
        try await outbox.recordReload(at: now + 9, error: nil, changes: "1 message retimed: chunfeng/launch")
        try await outbox.recordHeartbeat(now: now + 10, emergencyStopAt: nil)
        try await outbox.recordDaemonStop(now: now + 11)
        record = try #require(try await outbox.daemonRecord())
        #expect(record.lastReloadSucceeded == true && record.lastReloadError == nil)
        #expect(record.lastReloadChanges == "1 message retimed: chunfeng/launch")
        #expect(record.stoppedAt == now + 11 && record.heartbeatAt == now + 11)
        try await outbox.recordDaemonStart(pid: 7, now: now + 20)
        #expect(try await outbox.daemonRecord()?.stoppedAt == nil)
        #expect(try await outbox.daemonRecord()?.pid == 7)
        #expect(try await outbox.daemonRecord()?.lastReloadAt == nil, "status never shows an earlier process's reload as this one's")
        #expect(try await outbox.daemonRecord()?.lastReloadChanges == nil)
    }

    @Test(arguments: OutboxBackends.all)
    func theHeartbeatCarriesTheEmergencyStopAndARestartClearsIt(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        try await outbox.recordDaemonStart(pid: 4242, now: now)
        try await outbox.recordHeartbeat(now: now + 10, emergencyStopAt: now + 7)
        #expect(try await outbox.daemonRecord()?.emergencyStopAt == now + 7)
        try await outbox.recordHeartbeat(now: now + 20, emergencyStopAt: nil)
        #expect(try await outbox.daemonRecord()?.emergencyStopAt == nil, "lifted")
        try await outbox.recordHeartbeat(now: now + 30, emergencyStopAt: now + 25)
        try await outbox.recordDaemonStart(pid: 7, now: now + 40)
        #expect(try await outbox.daemonRecord()?.emergencyStopAt == nil, "a restart lifts it")
    }
}
