import Loading
import Testing
@testable import Daemon

/// `--pretend-now` takes the same forms as `broadcastctl log --since`; before, it
/// needed an offset where `log --since` did not.
struct PretendNowTests {
    static let launch: Int64 = 1_612_872_000 // 2021-02-09 20:00 +08:00
    static let nanchang = CampaignZones(identifiers: ["chunfeng": "Asia/Shanghai"], fallback: "UTC")

    @Test(arguments: ["2021-02-09T20:00+08:00", "2021-02-09T20:00:00+08:00", "2021-02-09T12:00Z", "2021-02-09T20:00", "2021-02-09 20:00"])
    func aTimeWithOrWithoutItsOffset(text: String) throws {
        #expect(try DaemonCommand.pretendInstant(text, zones: Self.nanchang, now: 0) == Self.launch)
    }

    @Test func aDateAndASpan() throws {
        #expect(try DaemonCommand.pretendInstant("2021-02-10", zones: Self.nanchang, now: 0) == Self.launch + 4 * 3_600)
        #expect(try DaemonCommand.pretendInstant("2d", zones: Self.nanchang, now: Self.launch) == Self.launch - 172_800)
    }

    @Test func campaignsInSeveralZonesNeedTheOffset() throws {
        let zones = CampaignZones(identifiers: ["chunfeng": "Asia/Shanghai", "tet": "Asia/Ho_Chi_Minh"])
        #expect(throws: (any Error).self) { try DaemonCommand.pretendInstant("2021-02-09T20:00", zones: zones, now: 0) }
        #expect(try DaemonCommand.pretendInstant("2021-02-09T20:00+08:00", zones: zones, now: 0) == Self.launch)
    }
}
