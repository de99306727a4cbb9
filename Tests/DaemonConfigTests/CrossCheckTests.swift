import LineLanguage
import Schedule
import Testing
@testable import DaemonConfig

struct CrossCheckTests {
    static func at(_ file: String, _ line: Int, _ column: Int = 1) -> LineLanguage.SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    static func schedule(smsGateway: String?) throws -> ScheduleDocument {
        let campaign = Campaign(name: "chunfeng", title: "春风", starts: try #require(LocalDate(year: 2021, month: 2, day: 9)),
                                ends: try #require(LocalDate(year: 2021, month: 5, day: 8)), timeZone: "Asia/Shanghai",
                                smsGateway: smsGateway, location: at("campaign.schedule", 2))
        let regions = [
            Region(path: RegionPath("jiangxi"), displayName: "江西省", webhooks: ["province-media-desk"],
                   location: at("jiangxi.regions", 1)),
            Region(path: RegionPath("jiangxi/nanchang"), displayName: "南昌市",
                   sms: RecipientList(path: "recipients/nanchang.txt", resolvedPath: "/x/recipients/nanchang.txt", gateway: nil,
                                      location: at("jiangxi.regions", 4, 14)),
                   webhooks: ["nanchang-police-wecom", "nanchang-polce-dingtalk"], location: at("jiangxi.regions", 3)),
            Region(path: RegionPath("jiangxi/nanchang/donghu"), displayName: "东湖区",
                   sms: RecipientList(path: "recipients/donghu.txt", resolvedPath: "/x/recipients/donghu.txt",
                                      gateway: "backup-gatway", location: at("jiangxi.regions", 8, 14)),
                   location: at("jiangxi.regions", 7)),
        ]
        return ScheduleDocument(campaign: campaign, regions: regions, messages: [], files: ["campaign.schedule", "jiangxi.regions"])
    }

    static func configuration() -> DaemonConfiguration {
        func gateway(_ name: String) -> GatewayConfiguration {
            GatewayConfiguration(name: name, kind: .kannel, url: SecretText(plain: "http://127.0.0.1:13013/"), location: at("c", 1))
        }
        func endpoint(_ name: String) -> EndpointConfiguration {
            EndpointConfiguration(name: name, kind: .wecom, url: SecretText(plain: "http://127.0.0.1:13080/"), location: at("c", 1))
        }
        return DaemonConfiguration(file: "broadcastd.conf", schedule: "/s", state: "/st",
                                   gateways: [gateway("kannel-main"), gateway("backup-gateway")],
                                   endpoints: [endpoint("province-media-desk"), endpoint("nanchang-police-wecom"),
                                               endpoint("nanchang-police-dingtalk")])
    }

    @Test func aScheduleThatNamesOnlyDefinedPlacesPasses() throws {
        var schedule = try Self.schedule(smsGateway: "kannel-main")
        schedule.regions[1].webhooks = ["nanchang-police-wecom"]
        schedule.regions[2].sms?.gateway = "backup-gateway"
        #expect(Self.configuration().crossCheck(schedule).isEmpty)
    }

    @Test func reportsEveryUndefinedNameWhereTheScheduleWritesIt() throws {
        let diagnostics = Self.configuration().crossCheck(try Self.schedule(smsGateway: "kannel-mian"))
        #expect(diagnostics.map(\.message) == [
            "gateway 'kannel-mian' is not defined in broadcastd.conf",
            "endpoint 'nanchang-polce-dingtalk' is not defined in broadcastd.conf",
            "gateway 'backup-gatway' is not defined in broadcastd.conf",
        ])
        #expect(diagnostics.map(\.location) == [Self.at("campaign.schedule", 2), Self.at("jiangxi.regions", 3),
                                                Self.at("jiangxi.regions", 8, 14)])
        #expect(diagnostics.map(\.hint) == ["did you mean 'kannel-main'?", "did you mean 'nanchang-police-dingtalk'?",
                                            "did you mean 'backup-gateway'?"])
        #expect(diagnostics.allSatisfy { $0.severity == .error })
    }

    @Test func suggestsAddingABlockWhenNothingIsClose() throws {
        var schedule = try Self.schedule(smsGateway: "kannel-main")
        schedule.regions = [Region(path: RegionPath("jiangxi"), displayName: "江西省", webhooks: ["shangrao-police-wecom"],
                                   location: Self.at("jiangxi.regions", 1))]
        let diagnostic = try #require(Self.configuration().crossCheck(schedule).first)
        #expect(diagnostic.hint == "add a block 'endpoint shangrao-police-wecom' to broadcastd.conf")
    }
}
