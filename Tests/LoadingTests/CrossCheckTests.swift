import LineLanguage
import Schedule
import Testing
@testable import Loading
import DaemonConfig

/// `broadcastctl check --config`: names in a real parsed schedule against a loaded config.
struct CrossCheckTests {
    static let schedule = """
        campaign chunfeng 春风行动
            starts      2021-02-09
            lasts       3 months
            timezone    Asia/Shanghai
            sms-gateway kannel-mian
        region jiangxi 江西省
            webhook  province-media-desk
        region jiangxi/nanchang 南昌市
            sms      recipients/nanchang.txt
            webhook  nanchang-police-wecom, nanchang-polce-dingtalk
        region jiangxi/nanchang/donghu 东湖区
            sms      recipients/donghu.txt via backup-gatway
        region jiangxi/shangrao 上饶市
            webhook  shangrao-police-wecom
        message launch
            at   2021-02-09 20:00
            to   jiangxi, jiangxi/**
            via  sms, webhook
            text 春风行动今晚启动。
        """

    static let config = """
        schedule campaign.schedule
        state    /var/lib/broadcastd
        gateway kannel-main
            kind kannel
            url  http://127.0.0.1:13013/cgi-bin/sendsms
            username broadcastd
            password "x"
        gateway backup-gateway
            kind jasmin
            url  http://127.0.0.1:13013/send
            username broadcastd
            password "x"
        endpoint province-media-desk
            kind webhook
            url  http://127.0.0.1:13080/hooks/province-media-desk
        endpoint nanchang-police-wecom
            kind wecom
            url  http://127.0.0.1:13080/wecom/nanchang-police-wecom/send
        endpoint nanchang-police-dingtalk
            kind dingtalk
            url  http://127.0.0.1:13080/dingtalk/nanchang-police-dingtalk/send
        """

    static func document(_ text: String) throws -> ScheduleDocument {
        let result = ScheduleLoader.load(path: "campaign.schedule", files: ["campaign.schedule": text])
        return try #require(result.document, "\(result.renderedDiagnostics)")
    }

    static func configuration() throws -> DaemonConfiguration {
        try #require(DaemonConfigLoader.load(text: config, directory: "/etc/broadcastd", environment: [:]).configuration)
    }

    @Test func reportsEveryUndefinedNameWhereTheScheduleWritesIt() throws {
        let diagnostics = try Self.configuration().crossCheck(Self.document(Self.schedule))
        #expect(diagnostics.map(\.message) == [
            "gateway 'kannel-mian' is not defined in broadcastd.conf",
            "endpoint 'nanchang-polce-dingtalk' is not defined in broadcastd.conf",
            "gateway 'backup-gatway' is not defined in broadcastd.conf",
            "endpoint 'shangrao-police-wecom' is not defined in broadcastd.conf",
        ])
        #expect(diagnostics.map { [$0.location.line, $0.location.column] } == [[5, 17], [10, 37], [12, 40], [14, 14]])
        #expect(diagnostics.allSatisfy { $0.location.file == "campaign.schedule" && $0.severity == .error })
        #expect(diagnostics.map(\.hint) == [
            "did you mean 'kannel-main'?", "did you mean 'nanchang-police-dingtalk'?", "did you mean 'backup-gateway'?",
            "add a block 'endpoint shangrao-police-wecom' to broadcastd.conf",
        ])
    }

    @Test func aScheduleThatNamesOnlyDefinedPlacesPasses() throws {
        let fixed = Self.schedule
            .replacingOccurrences(of: "kannel-mian", with: "kannel-main")
            .replacingOccurrences(of: "nanchang-polce", with: "nanchang-police")
            .replacingOccurrences(of: "backup-gatway", with: "backup-gateway")
            .replacingOccurrences(of: "    webhook  shangrao-police-wecom\n", with: "")
        #expect(try Self.configuration().crossCheck(Self.document(fixed)).isEmpty)
    }

    @Test func gatewayAndEndpointNamesAreSeparate() throws {
        let swapped = Self.schedule.replacingOccurrences(of: "sms-gateway kannel-mian", with: "sms-gateway province-media-desk")
        let diagnostics = try Self.configuration().crossCheck(Self.document(swapped))
        #expect(diagnostics.first?.message == "gateway 'province-media-desk' is not defined in broadcastd.conf")
    }
}
