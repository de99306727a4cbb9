import Foundation
import Outbox
@testable import OutboxSQLite
import Testing
@testable import Control

/// `log` over a real outbox: newest first, filtered, numbers masked.
struct OperateLogTests {
    let fixture: OperateFixture
    let now = OperateFixture.launch + 3_600

    init() throws {
        fixture = try OperateFixture()
        try fixture.enqueueCampaign()
        let start = OperateFixture.launch
        let leases = try fixture.lease(at: start)
        // One entry a minute from the launch: nanchang delivered, jiujiang dead, the webhook delivered last.
        for (offset, lease) in leases.enumerated() {
            let result: Outcome.Result = lease.key.region == "jiujiang" && lease.key.channel == "sms"
                ? .dead(reason: "http 400: invalid number") : .delivered(gatewayMessageID: "gw-\(offset)")
            try fixture.record([lease], result, at: start + Int64(offset) * 60, httpStatus: 200)
        }
    }

    func log(_ arguments: [String]) async throws -> CommandOutcome {
        await LogCommand.outcome(outbox: try fixture.backend, filters: try LogCommand.parse(arguments), now: now, display: OperateFixture.shanghai)
    }

    func entries(_ arguments: [String]) async throws -> [LogLine] {
        let outcome = try await log(arguments + ["--json"])
        return try JSONDecoder().decode(LogCommand.Report.self, from: Data(outcome.text.utf8)).entries
    }

    @Test func newestFirstUpToTheLimit() async throws {
        let all = try await entries(["--limit", "100"])
        #expect(all.count == 21)
        #expect(all.map(\.at) == all.map(\.at).sorted(by: >))
        #expect(try await entries(["--limit", "3"]).map(\.id) == all.prefix(3).map(\.id))
    }

    @Test(arguments: [
        (["--region", "jiujiang"], 10),
        (["--channel", "webhook"], 1),
        (["--state", "dead"], 10),
        (["--state", "delivered", "--region", "nanchang"], 11),
        (["--message", "weekly-tip"], 0),
        // Entries are a minute apart from 20:00; 20:10 keeps the last 11 (20:10 … 20:20).
        (["--since", "2021-02-09T20:10"], 11),
        (["--since", "2021-02-09 20:10:30"], 10),
        (["--since", "2021-02-09"], 21),
        // now is 21:00: 45m back is 20:15, which keeps 20:15 … 20:20.
        (["--since", "45m"], 6),
        (["--since", "1h"], 21),
    ])
    func filters(arguments: [String], expected: Int) async throws {
        #expect(try await entries(arguments + ["--limit", "100"]).count == expected)
    }

    @Test func textRowsAreMaskedAndAligned() async throws {
        let outcome = try await log(["--region", "jiujiang", "--limit", "2"])
        let lines = outcome.text.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("TIME                        OUTCOME  BROADCAST"))
        #expect(lines[1].contains("  dead     chunfeng/launch@2021-02-09 20:00 +08:00  jiujiang  sms      +86138****0"))
        #expect(lines[1].hasSuffix("  kannel  200   80ms     http 400: invalid number"))
        for phone in OperateFixture.phones("jiujiang") + OperateFixture.phones("nanchang") {
            #expect(!outcome.text.contains(phone))
        }
    }

    @Test func jsonHoldsNoNumberAndNamesTheGatewayID() async throws {
        let json = try await log(["--limit", "100", "--json"]).text
        for phone in OperateFixture.phones("jiujiang") + OperateFixture.phones("nanchang") {
            #expect(!json.contains(phone))
        }
        let webhook = try #require(try await entries(["--channel", "webhook"]).first)
        #expect(webhook.recipient == "wecom-nanchang")
        #expect(webhook.gatewayMessageId?.hasPrefix("gw-") == true)
    }

    @Test func noMatchIsSaidNotFailed() async throws {
        #expect(try await log(["--message", "weekly-tip"]) == .success("no log entries match"))
    }

    @Test func aBadSinceIsAFailure() async throws {
        let outcome = try await log(["--since", "yesterday"])
        #expect(outcome.exitCode == 1)
        #expect(outcome.text.hasPrefix("'yesterday' is not a time; expected a time like 2021-02-09T20:00"))
    }

    @Test func anUnknownStateOrChannelIsRefusedWhenParsing() throws {
        #expect(throws: (any Error).self) { try LogCommand.parse(["--state", "sent"]) }
        #expect(throws: (any Error).self) { try LogCommand.parse(["--channel", "smss"]) }
        #expect(try LogCommand.parse(["--channel", "webhook"]).channel == "webhook")
    }

    /// With the config the daemon runs (here the shipped one), a region the schedule
    /// lacks is a failure naming the nearest, not "no log entries match".
    @Test func aMisspeltRegionIsAFailureThatNamesTheNearest() async throws {
        let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/broadcastd.conf").path
        let typo = try await log(["--config", config, "--region", "jiangxi/nanchnag"])
        #expect(typo == .failure("no region 'jiangxi/nanchnag' in the schedule; did you mean 'jiangxi/nanchang'?"))
        let leaf = try await log(["--config", config, "--region", "nanchnag"])
        #expect(leaf == .failure("no region 'nanchnag' in the schedule; did you mean 'jiangxi/nanchang'?"))
        // A real region with nothing logged yet is no error.
        #expect(try await log(["--config", config, "--region", "jiangxi/nanchang/xihu"]) == .success("no log entries match"))
    }

    /// The help, the error and what can match name the same four states.
    @Test(arguments: [
        ("delivred", "'delivred' is not a state an attempt leads to; expected one of delivered, retrying, dead, skipped; did you mean 'delivered'?"),
        ("cancelled", "'cancelled' is not a state an attempt leads to; expected one of delivered, retrying, dead, skipped ('cancelled' deliveries have no attempt to log: `broadcastctl status` counts them)"),
    ])
    func aStateNoAttemptLeadsToIsExplained(state: String, message: String) {
        do {
            _ = try LogCommand.parse(["--state", state])
            Issue.record("'\(state)' was accepted")
        } catch {
            #expect(LogCommand.message(for: error) == message)
        }
        #expect(LogCommand.helpMessage(columns: 1000).contains("delivered, retrying, dead or skipped"))
    }

    @Test func aMisspeltMessageOrCampaignIsAFailureThatNamesTheNearest() async throws {
        let message = try await log(["--message", "lanch"])
        #expect(message.exitCode == 1)
        #expect(message.text == "no message 'lanch' in the outbox; did you mean 'launch'?")
        let json = try await log(["--message", "lanch", "--json"])
        #expect(json.exitCode == 1)
        // A name with nothing near it is still an error, listing what the outbox holds.
        #expect(try await log(["--campaign", "autumn"]) == .failure("no campaign 'autumn' in the outbox (it holds: chunfeng)"))
        let campaign = try await log(["--campaign", "chunfen"])
        #expect(campaign.text == "no campaign 'chunfen' in the outbox; did you mean 'chunfeng'?")
    }
}
