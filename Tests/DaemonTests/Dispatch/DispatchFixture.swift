@testable import Daemon
import Delivery
import Loading
import Foundation
import Outbox
import Testing

/// What the dispatch tests share: a campaign `drill` in Asia/Shanghai, a gateway
/// `sim`, and instants on 2021-03-01 in that zone.
enum DispatchFixture {
    /// 2021-03-01 10:00 in Asia/Shanghai (UTC+8).
    static let tenAM = 1_614_564_000.0

    /// 2021-03-01 at `hour`:`minute` in Asia/Shanghai; hours past 23 run into the next day.
    static func local(_ hour: Int, _ minute: Int = 0, _ second: Int = 0) -> Double {
        tenAM + Double((hour - 10) * 3600 + minute * 60 + second)
    }

    /// The registry's snapshot of the `drill` campaign, with `quiet` (say "23:50-00:10") for SMS.
    static func snapshot(quiet: String? = nil, others: [String] = []) async throws -> CampaignRegistry.Snapshot {
        try await registry(quiet: quiet, others: others).snapshot()
    }

    /// A registry running the `drill` campaign, and one more of the same shape for each of `others`.
    static func registry(quiet: String? = nil, others: [String] = []) throws -> CampaignRegistry {
        let folder = NSTemporaryDirectory() + "dispatch-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "+8617000000001\n".write(toFile: folder + "/recipients.txt", atomically: true, encoding: .utf8)
        // The process tests' campaign: one SMS broadcast at 10:00 to the list.
        let quietLine = quiet.map { "    quiet       \($0) for sms\n" } ?? ""
        try DaemonProcessTests.schedule(campaignLines: quietLine)
            .write(toFile: folder + "/campaign.schedule", atomically: true, encoding: .utf8)
        for name in others {
            try DaemonProcessTests.schedule(campaignLines: quietLine).replacingOccurrences(of: "campaign drill", with: "campaign \(name)")
                .write(toFile: folder + "/\(name).schedule", atomically: true, encoding: .utf8)
        }
        let paths = ["campaign"] + others
        let load = CampaignLoader.load(schedulePaths: paths.map { folder + "/\($0).schedule" }, configuration: nil)
        #expect(!load.hasErrors, "\(load.rendered)")
        return CampaignRegistry(load)
    }

    /// The gateway `sim` (Kannel) at `port`, paced by `rate`.
    static func gateway(rate: RateLimit.Bucket = .perSecond(1000, burst: 1000), concurrency: Int = 1000,
                        port: Int = 9, timeout: Duration = .seconds(5)) -> Destination {
        Destination(name: "sim", kind: .gateway,
                    dialect: Kannel(url: "http://127.0.0.1:\(port)/cgi-bin/sendsms", username: "broadcastd",
                                    password: "test-password", from: "96110"),
                    rateLimit: RateLimit([rate], concurrency: concurrency), retryPolicy: .standard,
                    timeout: timeout, concurrency: concurrency)
    }

    static func settings(batch: Int = 256, grace: Double = 5) -> DispatchService.Settings {
        var settings = DispatchService.Settings(owner: "broadcastd-test", shutdownGrace: grace)
        settings.batch = batch
        return settings
    }
}
