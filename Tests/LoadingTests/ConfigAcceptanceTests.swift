import DaemonConfig
import Foundation
import Testing
@testable import Loading

/// What `broadcastctl check --config` accepts, the daemon runs: both load the
/// config through `DaemonConfigCheck`, which builds every destination the way
/// start-up does, so a block the factory refuses fails `check` at its line.
struct ConfigAcceptanceTests {
    static let folder = NSTemporaryDirectory()

    static func config(_ gateway: String) -> String {
        "schedule campaign.schedule\nstate state\n\ngateway g\n" + gateway.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
    }

    /// Configs the parser accepts; each must either fail the shared check or start.
    static let variants: [String] = [
        config("kind http-json\nurl https://g.example/send\njson {\"to\":\"{to}\",\"text\":\"{text}\",\"priority\":1}"),
        config("kind http-json\nurl https://g.example/send\njson {\"to\":\"{to}\",\"text\":\"{text}\",\"flash\":false,\"meta\":{\"a\":\"b\"}}"),
        config("kind http-json\nurl https://g.example/send\njson {\"to\":\"{to}\",\"text\":\"{text}\"}"),
        config("kind http-json\nurl https://g.example/send\njson {}"),
        config("kind http-form\nurl https://g.example/send\nfield to {to}\nfield text {text}\nheader X-Sender {from}"),
        config("kind kannel\nurl http://127.0.0.1:13013/cgi-bin/sendsms\nusername u\npassword p\nfrom 96110"),
        "schedule campaign.schedule\nstate state\n\nendpoint e\n    kind webhook\n    url https://e.example/hook\n    signing whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n",
        "schedule campaign.schedule\nstate state\n\nendpoint e\n    kind wecom\n    url https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc\n",
    ]

    @Test(arguments: variants)
    func whatTheCheckAcceptsTheDaemonBuilds(text: String) throws {
        let checked = DaemonConfigCheck.load(text: text, directory: Self.folder, environment: [:])
        guard let configuration = checked.configuration else {
            #expect(checked.hasErrors)
            return
        }
        #expect(throws: Never.self, "check accepted what start-up refuses:\n\(text)") {
            _ = try DestinationFactory.makeAll(configuration: configuration)
        }
    }

    @Test func aJSONBodyTheDialectCannotSendFailsTheCheckAtItsLine() throws {
        let checked = DaemonConfigCheck.load(text: Self.variants[0], directory: Self.folder, environment: [:])
        #expect(checked.configuration == nil)
        let diagnostic = try #require(checked.diagnostics.first { $0.severity == .error })
        #expect(diagnostic.location.line == 7 && diagnostic.location.column == 10)
        #expect(diagnostic.message.contains("has a value that is not a string"))
    }

    @Test func theShippedConfigStarts() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent("config/broadcastd.conf").path
        // git keeps no modes: run under $CREDENTIALS_DIRECTORY, which the mode rule does not cover.
        let checked = DaemonConfigCheck.load(path: path, environment: ["CREDENTIALS_DIRECTORY": root.appendingPathComponent("config/secrets").path])
        let configuration = try #require(checked.configuration, "\(checked.rendered())")
        #expect(try DestinationFactory.makeAll(configuration: configuration).count == configuration.gateways.count + configuration.endpoints.count)
    }
}
