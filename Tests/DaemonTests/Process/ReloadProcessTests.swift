import Foundation
import GatewaySimulator
import Outbox
@testable import OutboxSQLite
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `broadcastd.conf` reloaded by a real SIGHUP in the real daemon: a rate change
/// takes effect mid-broadcast, a broken config changes nothing and `status`
/// says where it is broken, a rotated secret goes with the next request; a
/// saved file reloads once quiet, and under `reload signal` only on SIGHUP.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)))
struct ReloadProcessTests {
    @Test func aRateRaisedBySIGHUPTakesEffectMidBroadcastAndNothingIsAnnouncedTwice() async throws {
        let daemon = try await DaemonHarness(recipients: 300, schedule: DaemonProcessTests.schedule(),
                                             gateway: "rate 5/s\nconcurrency 4")
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-03-01T09:59:58+08:00")
        #expect(await daemon.simulator.log.waitForRequests(10, timeout: .seconds(30)) != nil, "\(daemon.log.suffix(2000))")

        try daemon.editConfig { $0.replacingOccurrences(of: "rate 5/s", with: "rate 200/s") }
        daemon.signal(SIGHUP)
        let reloaded = try #require(try daemon.waitForNotification(containing: "reloaded: "))
        #expect(reloaded.contains("gateway 'sim': rate changed"), "\(reloaded)")
        let raisedAt = Date().timeIntervalSince1970
        // At 5/s the rest would take about a minute; at 200/s a few seconds.
        try await daemon.waitUntilEveryoneReached(timeout: 20)
        #expect(Date().timeIntervalSince1970 - raisedAt < 15)
        #expect(daemon.log.components(separatedBy: "occurrence due").count - 1 == 1,
                "the reload does not announce the running broadcast again")
        #expect(daemon.log.contains("reloaded: gateway 'sim': rate changed"))
        // status says what the reload changed, as the log does.
        let lastReload = try #require((try daemon.statusJSON()["daemon"] as? [String: Any])?["lastReload"] as? [String: Any])
        #expect(lastReload["succeeded"] as? Bool == true)
        #expect((lastReload["changes"] as? String)?.contains("gateway 'sim': rate changed") == true, "\(lastReload)")
    }

    @Test func aBrokenConfigChangesNothingAndStatusSaysWhere() async throws {
        let daemon = try await DaemonHarness(recipients: 40, schedule: DaemonProcessTests.schedule(),
                                             gateway: "rate 10/s\nconcurrency 2")
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-03-01T09:59:58+08:00")
        #expect(await daemon.simulator.log.waitForRequests(3, timeout: .seconds(30)) != nil, "\(daemon.log.suffix(2000))")

        // A valid rate and a typo in the same save: neither applies.
        try daemon.editConfig {
            $0.replacingOccurrences(of: "rate 10/s", with: "rate 1000/s").replacingOccurrences(of: "    from", with: "    form")
        }
        daemon.signal(SIGHUP)
        let failed = try #require(try daemon.waitForNotification(containing: "reload failed"))
        #expect(failed.contains("broadcastd.conf:"), "\(failed)")
        let status = try daemon.statusJSON()
        let lastReload = try #require((status["daemon"] as? [String: Any])?["lastReload"] as? [String: Any])
        #expect(lastReload["succeeded"] as? Bool == false)
        let error = try #require(lastReload["error"] as? String)
        #expect(error.range(of: #"broadcastd\.conf:\d+:\d+: unknown"#, options: .regularExpression) != nil, "\(error)")

        // Still at 10/s: 40 deliveries take about 4 s, never less than 3.
        let start = daemon.simulator.log.requests.map(\.receivedAt).min() ?? 0
        try await daemon.waitUntilEveryoneReached(timeout: 30)
        let last = daemon.simulator.log.requests.map(\.receivedAt).max() ?? 0
        #expect(last - start >= 3, "the refused rate was not used: \(last - start) s")
    }

    @Test func aRotatedSecretIsUsedByTheNextRequest() async throws {
        let daemon = try await DaemonHarness(recipients: 200, schedule: DaemonProcessTests.schedule(),
                                             gateway: "rate 10/s\nconcurrency 1", settings: "secrets secrets")
        defer { Task { await daemon.stop() } }
        let secrets = daemon.directory.appendingPathComponent("secrets")
        try FileManager.default.createDirectory(at: secrets, withIntermediateDirectories: true)
        try daemon.writeSecret("kannel-password", "before-rotation", in: secrets)
        try daemon.editConfig { $0.replacingOccurrences(of: "password    test-password", with: "password    secret:kannel-password") }
        try daemon.start(pretendNow: "2021-03-01T09:59:58+08:00")
        #expect(await daemon.simulator.log.waitForRequests(5, timeout: .seconds(30)) != nil, "\(daemon.log.suffix(2000))")

        try daemon.writeSecret("kannel-password", "after-rotation", in: secrets)
        daemon.signal(SIGHUP)
        let reloaded = try #require(try daemon.waitForNotification(containing: "reloaded: "))
        #expect(reloaded.contains("gateway 'sim': password changed"))
        #expect(!reloaded.contains("rotation"), "the secret's value is never shown")
        let seen = daemon.simulator.log.requestCount
        #expect(await daemon.simulator.log.waitForRequests(seen + 3, timeout: .seconds(30)) != nil)
        let passwords = daemon.simulator.log.requests.compactMap { request in
            request.query?.split(separator: "&").first { $0.hasPrefix("password=") }.map { String($0.dropFirst(9)) }
        }
        #expect(passwords.first == "before-rotation")
        #expect(passwords.last == "after-rotation")
        // Once the new password is used, the old one never comes back.
        let firstNew = try #require(passwords.firstIndex(of: "after-rotation"))
        #expect(passwords[firstNew...].allSatisfy { $0 == "after-rotation" })
        #expect(!daemon.log.contains("after-rotation") && !daemon.log.contains("before-rotation"))
    }

    static let followUp = """
        message follow-up
            at   2021-03-01 12:00
            to   test
            via  sms
            text 第二条：公检法不会要求转账。
        """

    @Test func savesInQuickSuccessionAreOneReloadOfTheLastOnce() async throws {
        let daemon = try await DaemonHarness(recipients: 5, schedule: DaemonProcessTests.schedule(), gateway: "rate 10/s")
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-03-01T09:59:58+08:00")

        // Saved four times, a second apart, as an operator fixing a draft would.
        for draft in 1...4 {
            let text = Self.followUp.replacingOccurrences(of: "第二条", with: "第\(draft)稿")
            try daemon.writeSchedule(DaemonProcessTests.schedule(extraMessages: text))
            if draft < 4 { try await Task.sleep(for: .seconds(1)) }
        }
        let lastSave = Date().timeIntervalSince1970
        let reloaded = try #require(try daemon.waitForNotification(containing: "reloaded: "))
        #expect(Date().timeIntervalSince1970 - lastSave >= 1.5, "it waited for the files to be quiet")
        #expect(reloaded.contains("1 message added: drill/follow-up"), "\(reloaded)")
        #expect(daemon.log.components(separatedBy: "reloaded: ").count - 1 == 1, "one reload for four saves")
    }

    @Test func underReloadSignalASavedFileWaitsForSIGHUP() async throws {
        let daemon = try await DaemonHarness(recipients: 5, schedule: DaemonProcessTests.schedule(), gateway: "rate 10/s",
                                             settings: "reload signal")
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-03-01T09:59:58+08:00")

        try daemon.writeSchedule(DaemonProcessTests.schedule(extraMessages: Self.followUp))
        // Longer than a poll and the quiet interval together: under on-change it would have reloaded.
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, let datagram = daemon.notify.receive(waiting: deadline.timeIntervalSinceNow) {
            #expect(!datagram.contains("reloaded"), "a saved file reloaded without SIGHUP")
        }
        daemon.signal(SIGHUP)
        let reloaded = try #require(try daemon.waitForNotification(containing: "reloaded: "))
        #expect(reloaded.contains("1 message added: drill/follow-up"), "\(reloaded)")
    }
}

extension DaemonHarness {
    /// Rewrites `broadcastd.conf` in place (as an editor saving it would).
    func editConfig(_ edit: (String) -> String) throws {
        let path = directory.appendingPathComponent("broadcastd.conf").path
        try edit(String(contentsOfFile: path, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// A secret file readable by its owner only, as the secret store demands.
    func writeSecret(_ name: String, _ value: String, in folder: URL) throws {
        let path = folder.appendingPathComponent(name).path
        try Data(value.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}
