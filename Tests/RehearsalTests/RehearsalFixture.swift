import Delivery
import Foundation
import Loading
import Rehearsal
import Testing

/// Small campaigns whose rehearsal can be worked out by hand: a campaign
/// `drill` in Asia/Shanghai sending to one list of `people` numbers through a
/// gateway `sim`.
enum RehearsalFixture {
    /// 2021-03-01 10:00 in Asia/Shanghai (UTC+8).
    static let tenAM: Int64 = 1_614_564_000

    /// Runs `body` with the campaign of `messages` (each `(name, "2021-03-01 10:00")`) and
    /// `campaignLines` (quiet, cap); its list exists until `body` returns (the plan counts people from it).
    /// With `optOuts`, the first that many numbers of the list are on the campaign's `optout` file.
    static func withCampaign<T>(people: Int, messages: [(String, String)], campaignLines: String = "", optOuts: Int = 0,
                                _ body: (LoadedCampaign) throws -> T) throws -> T {
        let folder = NSTemporaryDirectory() + "rehearsal-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let numbers = (0..<people).map { String(format: "+86170%08d", $0) }.joined(separator: "\n")
        try (numbers + "\n").write(toFile: folder + "/recipients.txt", atomically: true, encoding: .utf8)
        var campaignLines = campaignLines
        if optOuts > 0 {
            let optedOut = (0..<optOuts).map { String(format: "+86170%08d", $0) }.joined(separator: "\n")
            try (optedOut + "\n").write(toFile: folder + "/optout.txt", atomically: true, encoding: .utf8)
            campaignLines += "    optout      optout.txt\n"
        }
        let blocks = messages.map { name, at in
            """
            message \(name)
                at   \(at)
                to   test
                via  sms
                text 反诈演练：接到96110来电请务必接听。

            """
        }.joined()
        let schedule = """
            campaign drill 演练
                starts      2021-03-01
                lasts       3 days
                timezone    Asia/Shanghai
                sms-gateway sim
            \(campaignLines)
            region test 测试区
                sms recipients.txt

            \(blocks)
            """
        try schedule.write(toFile: folder + "/campaign.schedule", atomically: true, encoding: .utf8)
        let load = CampaignLoader.load(schedulePaths: [folder + "/campaign.schedule"], configuration: nil)
        #expect(!load.hasErrors, "\(load.rendered)")
        return try body(try #require(load.campaigns.first))
    }

    /// The gateway `sim`, paced at `perSecond` with a burst of 1.
    static func gateway(perSecond: Double, concurrency: Int = 1000, retry: RetryPolicy = .standard) -> [String: Destination] {
        ["sim": Destination(name: "sim", kind: .gateway,
                            dialect: Kannel(url: "http://127.0.0.1:9/cgi-bin/sendsms", username: "broadcastd",
                                            password: "test-password", from: "96110"),
                            rateLimit: RateLimit([.perSecond(perSecond, burst: 1)], concurrency: concurrency),
                            retryPolicy: retry, timeout: .seconds(5), concurrency: concurrency)]
    }
}
