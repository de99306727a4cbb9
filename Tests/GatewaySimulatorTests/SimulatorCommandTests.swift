import Delivery
@testable import GatewaySimulator
import Testing

struct SimulatorCommandTests {
    @Test(arguments: [("127.0.0.1", true), ("127.0.0.53", true), ("::1", true), ("localhost", true),
                      ("0.0.0.0", false), ("192.168.1.10", false), ("127.0.0", false), ("example.org", false)])
    func onlyLoopbackHostsAreAccepted(host: String, accepted: Bool) {
        #expect(SimulatorCommand.isLoopback(host) == accepted)
        #expect(((try? SimulatorCommand.parse(["--host", host])) != nil) == accepted)
    }

    @Test func countLineShowsTotalsAndGrowthPerPrefix() {
        let line = SimulatorCommand.countLine(["/wecom": 14, "/cgi-bin": 1200], previous: ["/cgi-bin": 1000, "/wecom": 12])
        #expect(line == "requests 1214  /cgi-bin 1200 (+200)  /wecom 14 (+2)")
        #expect(SimulatorCommand.countLine([:], previous: [:]) == "requests 0")
        #expect(SimulatorCommand.countLine(["/send": 3], previous: [:], final: true) == "total 3  /send 3")
    }

    @Test func mergesTheSMSAndWebhookSidesCounts() {
        #expect(SimulatorCommand.merged([["/send": 2, "/wecom": 1], ["/wecom": 4]]) == ["/send": 2, "/wecom": 5])
    }

    /// The simulator's default answers, in counting mode as `simulate` runs it, read by
    /// the dialect each path stands for in config/broadcastd.conf.
    @Test(arguments: [
        ("GET", "/cgi-bin/sendsms?to=1", 202, "0: Accepted for delivery", "/cgi-bin"),
        ("POST", "/send", 200, "Success \"", "/send"),
        ("POST", "/wecom/bot/send?key=k", 200, #"{"errcode":0,"errmsg":"ok"}"#, "/wecom"),
        ("POST", "/dingtalk/bot/send?access_token=t", 200, #"{"errcode":0,"errmsg":"ok"}"#, "/dingtalk"),
        ("POST", "/feishu/bot/hook/h", 200, #"{"code":0,"msg":"success"}"#, "/feishu"),
        ("POST", "/slack/T0/B0/x", 200, "ok", "/slack"),
        ("POST", "/hooks/slack-desk", 200, "ok", "/hooks"),
        ("POST", "/hooks/province-media-desk", 200, #"{"errcode":0,"errmsg":"ok"}"#, "/hooks"),
        ("GET", "/status", 404, "not found", "/status"),
    ])
    func defaultAnswersMatchEachDialectsSuccess(method: String, uri: String, status: Int, bodyPrefix: String, prefix: String) async throws {
        let simulator = try await GatewaySimulator.start(recordsRequests: false)
        let transport = HTTPTransport()
        let request = HTTPRequest(method: method == "GET" ? .get : .post, url: simulator.url(uri), body: Array("{}".utf8))
        let answer = try await transport.send(request, timeout: .seconds(5))
        await transport.shutdown()
        await simulator.shutdown()
        #expect(answer.status == status)
        #expect(answer.bodyText.hasPrefix(bodyPrefix))
        #expect(simulator.log.countsByPathPrefix == [prefix: 1])
        #expect(simulator.log.requests.isEmpty, "counting mode keeps no request")
    }
}
