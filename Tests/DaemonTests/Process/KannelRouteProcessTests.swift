import DaemonConfig
import Foundation
import Outbox
@testable import OutboxSQLite
import PeerTestSupport
import Testing

/// The route `carriers` against the real Kannel as the peer: one bearerbox with
/// two SMSC links (`smsc = fake`, each played by its own fakesmsc), China
/// Mobile's and China Unicom's, each with `allowed-prefix` for its carrier's
/// blocks. broadcastd routes each number by carrier and the test reads, on
/// Kannel's side, which SMSC every number reached.
///
/// One Kannel rather than two: each carrier's channel is a sendsms user held to
/// its SMSC (`forced-smsc`), as a platform gives each carrier contract its own
/// account, so the choice of SMSC stays broadcastd's and `allowed-prefix` is the
/// SMSC's own check. Without `forced-smsc` bearerbox would pick the SMSC by
/// prefix itself and the route would decide nothing.
@Suite(.serialized, .enabled(if: KannelHarness.isInstalled && FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)),
       .timeLimit(.minutes(2)))
struct KannelRouteProcessTests {
    /// Virtual operators' blocks: the carrier table lists them under China Mobile,
    /// whose network carries them, but Mobile's own SMSC here does not take them,
    /// as a carrier's direct channel often does not: the table says Mobile, the
    /// SMSC says no, as it does for a number ported away.
    static let virtualBlocks: Set<String> = ["86165", "861703", "861705", "861706"]

    static let mobile = (1...8).map { "+8613800000\(100 + $0)" }
    static let unicom = (1...8).map { "+8617100000\(100 + $0)" }
    static let virtualOperator = ["+8616500000101", "+8616500000102"]

    @Test func eachNumberReachesItsCarriersSMSCAndOneItRefusesGoesToTheFallback() async throws {
        let kannel = try KannelHarness(
            smscs: [.init(id: "cm", allowedPrefixes: Carrier.chinaMobile.prefixes.filter { !Self.virtualBlocks.contains($0) }.map { "+" + $0 }),
                    .init(id: "cu", allowedPrefixes: Carrier.chinaUnicom.prefixes.map { "+" + $0 })],
            users: [.init(username: "china-mobile", smsc: "cm"), .init(username: "china-unicom", smsc: "cu")])
        defer { kannel.stop() }
        try await kannel.start()

        func gateway(_ name: String, user: KannelHarness.User) -> String {
            """
            gateway \(name)
                kind        kannel
                url         \(kannel.sendSMSURL)
                username    \(user.username)
                password    \(user.password)
                from        96110
                rate        20/s burst 5
                concurrency 2
            """
        }
        // Kannel answers a message no SMSC may take with 403 "Not routable. Do not try again.".
        let settings = [gateway("cm-gw", user: kannel.users[0]), gateway("cu-gw", user: kannel.users[1]), """
            route carriers
                carrier china-mobile cm-gw then sim
                carrier china-unicom cu-gw then sim
                other                sim
                not-mine status 403
            """].joined(separator: "\n")
        let schedule = DaemonProcessTests.schedule().replacingOccurrences(of: "sms-gateway sim", with: "sms-gateway carriers")
        let daemon = try await DaemonHarness(lists: ["recipients.txt": Self.mobile + Self.unicom + Self.virtualOperator],
                                             schedule: schedule, gateway: "rate 20/s burst 5", settings: settings)
        defer { Task { await daemon.stop() } }
        try daemon.start(pretendNow: "2021-03-01T09:59:59+08:00")

        // Read on Kannel's side: what each fake SMSC printed.
        var atMobile: [String] = []
        var atUnicom: [String] = []
        for _ in Self.mobile {
            atMobile.append(try #require(await kannel.nextMessage(at: "cm", timeout: .seconds(60)), "\(daemon.log.suffix(2000))").receiver)
        }
        for _ in Self.unicom {
            atUnicom.append(try #require(await kannel.nextMessage(at: "cu", timeout: .seconds(30)), "\(daemon.log.suffix(2000))").receiver)
        }
        #expect(atMobile.sorted() == Self.mobile)
        #expect(atUnicom.sorted() == Self.unicom)
        // The numbers Mobile's SMSC refused went on to the route's fallback, each once.
        let fallback = await daemon.simulator.log.waitForRequests(Self.virtualOperator.count, timeout: .seconds(30)) ?? []
        #expect(fallback.compactMap(DaemonHarness.number(in:)).sorted() == Self.virtualOperator, "\(daemon.log.suffix(2000))")
        #expect(try await RouteFailoverProcessTests.waitForDelivered(18, daemon: daemon, seconds: 30), "\(daemon.log.suffix(2000))")
        // Nothing more anywhere: no SMSC got a number twice or a number not its own.
        #expect(await kannel.nextMessage(at: "cm", timeout: .milliseconds(500)) == nil)
        #expect(await kannel.nextMessage(at: "cu", timeout: .milliseconds(500)) == nil)
        #expect(daemon.simulator.log.requestCount == Self.virtualOperator.count)

        let counts = Dictionary(try daemon.outbox().destinations().map { ($0.name, $0.delivered) }) { first, _ in first }
        #expect(counts["cm-gw"] == 8 && counts["cu-gw"] == 8 && counts["sim"] == 2, "\(counts)")
        #expect(daemon.log.contains("failover from 'cm-gw' to 'sim'"), "\(daemon.log.suffix(2000))")
        #expect(!daemon.log.contains("is down"), "a refusal is an answer about the number: the gateway stays up")
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(seconds: 15) == 0)
    }
}
