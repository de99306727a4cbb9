import Delivery
import Foundation
import Testing

/// A message through the real Kannel: HTTPTransport and the Kannel dialect to
/// smsbox's sendsms, bearerbox routing it to Kannel's fake SMSC, which prints
/// what it got. Proves the Chinese text and the number arrive as sent.
@Suite(.serialized, .enabled(if: KannelHarness.isInstalled), .timeLimit(.minutes(1)))
struct KannelIntegrationTests {
    static let text = "【江西公安】春风行动：谨防电信网络诈骗，陌生来电索要验证码请立即挂断。"
    static let number = "+8613800000001"

    static func message(_ text: String = text) -> OutgoingMessage {
        OutgoingMessage(deliveryID: "kannel-it-1", campaignName: "chunfeng-2021", campaignTitle: "春风行动",
                        messageName: "launch", occurrence: 1_615_770_000, utcOffset: 8 * 3600,
                        regionPath: "jiangxi/nanchang", regionName: "南昌市", channel: "sms",
                        text: text, recipient: number)
    }

    /// Runs `body` with a started Kannel and a transport, and stops both whatever happens.
    func withKannel(_ body: (KannelHarness, HTTPTransport) async throws -> Void) async throws {
        let harness = try KannelHarness()
        let transport = HTTPTransport()
        do {
            try await harness.start()
            try await body(harness, transport)
        } catch {
            await transport.shutdown()
            harness.stop()
            throw error
        }
        await transport.shutdown()
        harness.stop()
    }

    @Test(arguments: [Kannel.Method.get, .post])
    func chineseTextReachesTheFakeSMSCIntact(method: Kannel.Method) async throws {
        try await withKannel { harness, transport in
            let dialect = Kannel(url: harness.sendSMSURL, username: harness.username, password: harness.password,
                                 from: "96110", method: method)
            let now = Date().timeIntervalSince1970
            let response = try await transport.send(try dialect.request(for: Self.message(), now: now), timeout: .seconds(10))
            #expect(dialect.verdict(for: response, now: now) == .delivered(gatewayMessageID: nil), "\(response.status) \(response.bodyText)")
            #expect(response.status == 202)

            let received = try #require(await harness.nextMessage(timeout: .seconds(20)), "the fake SMSC got nothing")
            #expect(received.receiver == Self.number)
            #expect(received.sender == "96110")
            #expect(received.coding == "ucs-2")
            #expect(received.text == Self.text)
        }
    }

    @Test func wrongPasswordIsAPermanentFailure() async throws {
        try await withKannel { harness, transport in
            let dialect = Kannel(url: harness.sendSMSURL, username: harness.username, password: "not-the-password",
                                 from: "96110")
            let now = Date().timeIntervalSince1970
            let response = try await transport.send(try dialect.request(for: Self.message(), now: now), timeout: .seconds(10))
            let verdict = dialect.verdict(for: response, now: now)
            #expect(verdict == .permanent(reason: "kannel \(response.status) authorization failed"), "\(response.status) \(response.bodyText)")
            #expect(await harness.nextMessage(timeout: .milliseconds(500)) == nil)
        }
    }
}
