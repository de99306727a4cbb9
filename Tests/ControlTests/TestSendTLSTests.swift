import Foundation
import GatewaySimulator
import Testing
@testable import Control

/// `test-send` to a gateway behind TLS on a private CA: with `ca-file` it is
/// delivered; without, the report says why (curl's detail) and what to do.
@Suite(.serialized, .timeLimit(.minutes(1)), .enabled(if: TLSFront.isAvailable))
struct TestSendTLSTests {
    func send(caFile: Bool) async throws -> TestSend.Outcome {
        let simulator = try await GatewaySimulator.start()
        let front = try TLSFront(upstreamPort: simulator.port)
        let folder = NSTemporaryDirectory() + "test-send-tls-" + UUID().uuidString
        defer {
            front.stop()
            try? FileManager.default.removeItem(atPath: folder)
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config = folder + "/broadcastd.conf"
        try """
            schedule campaign.schedule
            state    state
            gateway private-pki
                kind     kannel
                url      \(front.baseURL)/cgi-bin/sendsms
                username broadcastd
                password inline-test-password
                timeout  5s
            \(caFile ? "    ca-file  \(front.caFile)" : "")
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let outcome = try await TestSend(configPath: config, target: .gateway("private-pki", to: "+8613800000001"),
                                         text: "test", environment: [:]).run()
        await simulator.shutdown()
        return outcome
    }

    @Test func withItsCAFileTheMessageIsDelivered() async throws {
        let outcome = try await send(caFile: true)
        #expect(outcome.isDelivered, "\(outcome.report)")
        #expect(outcome.detail == nil)
    }

    @Test func withoutItTheReportGivesCurlsDetailAndTheCAFileHint() async throws {
        let outcome = try await send(caFile: false)
        #expect(!outcome.isDelivered)
        #expect(outcome.report.contains("reason      tls: certificate from an unknown CA"), "\(outcome.report)")
        #expect(outcome.report.contains("detail      tls: SSL certificate problem"), "\(outcome.report)")
        #expect(outcome.report.contains("set 'ca-file'"), "\(outcome.report)")
        #expect(!outcome.report.contains("inline-test-password"))
    }
}
