import CivilDate
import Foundation
import LineLanguage
import Schedule
import Testing

/// The issue's example, verbatim: its spelling is the interface.
struct FixtureTests {
    @Test func theIssuesExampleLoadsWithoutDiagnostics() throws {
        let result = ScheduleLoader.load(path: ScheduleTestSupport.fixtures + "/campaign.schedule")
        #expect(result.diagnostics.isEmpty, "\(result.renderedDiagnostics)")
        let document = try #require(result.document)
        #expect(document.campaign.title == "全民反电诈集中宣传\"春风\"行动")
        #expect(document.campaign.ends.description == "2021-05-08")
        #expect(document.campaign.signature == "【江西公安】")
        #expect(document.campaign.smsGateway == "kannel-main")
        #expect(document.campaign.variables == ["hotline": "96110"])
        #expect(document.campaign.quiet.map(\.description) == ["21:30-08:00"])
        #expect(document.regions.map(\.path.description) == ["jiangxi", "jiangxi/nanchang", "jiangxi/nanchang/donghu"])
        let donghu = document.regions[2]
        #expect(donghu.sms?.gateway == "backup-gateway")
        #expect(donghu.sms?.resolvedPath == ScheduleTestSupport.fixtures + "/recipients/donghu.txt")
        #expect(document.regions[1].variables == ["station": "南昌市公安局"])
        let launch = document.messages[0]
        #expect(launch.channels == [.sms, .webhook])
        #expect(launch.texts[.webhook]?.source == "## 江西省全民反电诈\"春风\"行动启动\n{region}分会场与南昌主会场同步启动。反诈预警专号：{hotline}")
        #expect(launch.texts[.sms]?.parts.contains(.variable("hotline")) == true)
        #expect(document.regions(reachedBy: launch.targets).count == 3)
        let tip = document.messages[1]
        #expect(tip.rules.map(\.recurrence) == [.weekly([.monday], [LocalTime(hour: 10, minute: 0)!])])
        #expect(tip.except.count == 2)
        #expect(document.regions(reachedBy: tip.targets).map(\.path.description) == ["jiangxi/nanchang"])
        #expect(document.references.map(\.name) == ["kannel-main", "province-media-desk", "nanchang-police-wecom", "backup-gateway"])
        #expect(document.files.count == 2)
    }
}
