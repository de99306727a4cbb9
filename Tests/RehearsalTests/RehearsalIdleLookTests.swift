import DaemonConfig
import Foundation
import Loading
@testable import Rehearsal
import Testing

/// The rehearsal skips the daemon's idle looks (its turn a second to see
/// controls) when they would find nothing to do; that must change nothing the
/// rehearsal reports. The shipped example exercises every kind of wake-up at
/// once: webhook endpoints due while the carriers route is busy, the route's
/// look-ahead leases, quiet hours, caps, retries after failures. At 1/1000 the
/// route leases one ahead per gateway, so the look after a busy turn leases
/// again: the case a skip after *any* turn gets wrong (this test caught it).
struct RehearsalIdleLookTests {
    @Test(arguments: [(scale: 1, latency: 0.150), (scale: 4, latency: 5.0), (scale: 1000, latency: 0.150)])
    func skippingIdleLooksChangesNoRowNoDayOfTheShippedQuarter(scale: Int, latency: Double) throws {
        let folder = try Self.copyShippedConfig()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let loaded = DaemonConfigCheck.load(path: folder + "/broadcastd.conf")
        let configuration = try #require(loaded.configuration, "\(loaded.rendered())")
        let destinations = try DestinationFactory.makeAll(configuration: configuration)
        let load = CampaignLoader.load(schedulePaths: try configuration.scheduleFiles(), configuration: configuration)
        #expect(!load.hasErrors, "\(load.rendered)")

        func rehearse(skipping: Bool) -> Rehearsal {
            var options = Rehearsal.Options(latency: latency, failureShare: 0.05, scale: scale)
            options.skipsIdleLooks = skipping
            return Rehearsal.run(load.campaigns, destinations: destinations, routes: configuration.routes, options: options)
        }
        let (every, skipped) = (rehearse(skipping: false), rehearse(skipping: true))
        #expect(every.finished && skipped.finished)
        #expect(every.rows.count == skipped.rows.count && every.rows.count > 100)
        for (a, b) in zip(every.rows, skipped.rows) {
            #expect(Self.figures(a) == Self.figures(b), "\(a.message) \(a.destination)")
        }
        #expect(every.days.map { "\($0.date) \($0.destination) \($0.sends) \($0.busyHours)" }
                == skipped.days.map { "\($0.date) \($0.destination) \($0.sends) \($0.busyHours)" })
    }

    static func figures(_ row: RehearsalRow) -> String {
        "\(row.firstSend ?? -1) \(row.lastSend ?? -1) \(row.sent) \(row.capped) \(row.dead) \(row.quietPausedSeconds) "
            + row.sendsByDay.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// The shipped config copied into a fresh folder, its secrets readable by their owner only (as the loader requires).
    static func copyShippedConfig() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = NSTemporaryDirectory() + "rehearsal-idle-looks-" + UUID().uuidString
        try FileManager.default.copyItem(atPath: root.appendingPathComponent("config").path, toPath: folder)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder + "/secrets") {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder + "/secrets/" + name)
        }
        return folder
    }
}
