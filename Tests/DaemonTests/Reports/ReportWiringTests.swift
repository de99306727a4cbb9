import DaemonConfig
import Foundation
import Testing
@testable import Daemon

/// The listener's rules come from the config: each gateway's `unsubscribe-status`
/// codes and the opt-out keywords. (That the gateways ask for reports at the
/// listener is `ReportCallbackTests`, with the destination factory.)
struct ReportWiringTests {
    @Test func rulesCarryEachGatewaysStatuses() throws {
        let text = """
            schedule campaign.schedule
            state    state
            reports        127.0.0.1:8471
            reports-token  0123456789abcdef0123

            gateway kannel-main
                kind     kannel
                url      http://127.0.0.1:13013/cgi-bin/sendsms
                username broadcastd
                password p

            gateway jasmin-1
                kind     jasmin
                url      http://127.0.0.1:1401/send
                username broadcastd
                password p

            gateway twilio-like
                kind     http-form
                url      http://127.0.0.1:9/Messages.json
                field    To {to}
                unsubscribe-status 21610
            """
        let loaded = DaemonConfigLoader.load(text: text, directory: NSTemporaryDirectory(), environment: [:])
        let configuration = try #require(loaded.configuration, "\(loaded.rendered())")
        let rules = ReportDecision.Rules(configuration: configuration)
        #expect(rules.unsubscribeStatuses == ["kannel-main": [], "jasmin-1": [], "twilio-like": ["21610"]])
        #expect(rules.keywords == .standard)
    }
}
