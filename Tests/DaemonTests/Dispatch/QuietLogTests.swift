@testable import Daemon
import DispatchRules
import Testing

/// Quiet hours in the log: one line when they start holding due sends, one when they let them go.
struct QuietLogTests {
    @Test func aQuietWindowIsTwoLinesHoweverOftenTheDispatcherLooks() async throws {
        let quietStart = DispatchFixture.local(23, 50)
        let quietEnd = DispatchFixture.local(24, 10)
        var driver = MachineDriver(destinations: [DispatchFixture.gateway(rate: .perSecond(2), concurrency: 2)],
                                   snapshot: try await DispatchFixture.snapshot(quiet: "23:50-00:10"),
                                   at: quietStart - 20)
        driver.outbox.add(200, due: Int64(quietStart - 20))
        driver.run(until: quietEnd + 30)
        let quiet = driver.logged.filter { $0.message.hasPrefix("quiet hours") }
        #expect(quiet.map(\.message) == ["quiet hours: holding sms of campaign 'drill' until they end",
                                         "quiet hours over: sending sms of campaign 'drill' again"], "\(driver.logged)")
        #expect(quiet.first?.metadata["until"] != nil)
    }

    @Test func nothingDueDuringTheWindowLogsNothing() {
        var log = QuietLog()
        #expect(log.release(campaign: "drill", channel: "sms") == nil)
        #expect(log.hold(campaign: "drill", channel: "sms", until: 100) != nil)
        #expect(log.hold(campaign: "drill", channel: "sms", until: 100) == nil)
        #expect(log.hold(campaign: "drill", channel: "webhook", until: 100) != nil, "per channel")
        #expect(log.release(campaign: "drill", channel: "sms") != nil)
        #expect(log.release(campaign: "drill", channel: "sms") == nil)
    }
}
