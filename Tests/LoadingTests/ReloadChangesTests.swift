import DaemonConfig
import Foundation
import Schedule
import Testing
@testable import Loading

/// What a reload says it changed, from two configs and two schedules: pure, no daemon.
struct ReloadChangesTests {
    static let header = """
        gateway kannel-main
            kind        kannel
            url         http://127.0.0.1:13013/cgi-bin/sendsms
            username    broadcastd
            password    secret:kannel-password
            rate        100/s

        """

    @Test func gatewaysAddedRemovedAndChangedAreNamedBySettingNeverByValue() throws {
        let fixture = try DestinationFixture(secrets: ["kannel-password": "old-pa55", "rotated": "new-pa55"])
        defer { fixture.remove() }
        let old = try fixture.load(Self.header + """
            endpoint ops-wecom
                kind wecom
                url  https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc
            """)
        let new = try fixture.load("""
            gateway kannel-main
                kind        kannel
                url         http://127.0.0.1:13014/cgi-bin/sendsms
                username    broadcastd
                password    secret:rotated
                rate        200/s
                concurrency 8

            gateway kannel-b
                kind     kannel
                url      http://127.0.0.1:13015/cgi-bin/sendsms
                username broadcastd
                password secret:rotated
            """)
        let changes = ConfigChanges(from: old, to: new)
        #expect(changes.added == ["gateway 'kannel-b'"])
        #expect(changes.removed == ["endpoint 'ops-wecom'"])
        #expect(changes.changed == [.init(block: "gateway 'kannel-main'", settings: ["url", "password", "rate", "concurrency"])])
        #expect(changes.needRestart.isEmpty)
        let text = changes.lines.joined(separator: "\n")
        #expect(text.contains("gateway 'kannel-main': url changed, password changed, rate changed, concurrency changed"))
        #expect(!text.contains("pa55"), "a secret's value never appears")
    }

    @Test func aRotatedSecretIsAChangeEvenWithTheSameReference() throws {
        let before = try DestinationFixture(secrets: ["kannel-password": "old-pa55"])
        let after = try DestinationFixture(secrets: ["kannel-password": "new-pa55"])
        defer { before.remove(); after.remove() }
        let changes = ConfigChanges(from: try before.load(Self.header), to: try after.load(Self.header))
        #expect(changes.changed == [.init(block: "gateway 'kannel-main'", settings: ["password"])])
    }

    @Test func movingABlockOrChangingNothingIsNoChange() throws {
        let fixture = try DestinationFixture(secrets: ["kannel-password": "pa55"])
        defer { fixture.remove() }
        let old = try fixture.load(Self.header)
        let new = try fixture.load("# the same gateway, further down\n\n\n" + Self.header)
        #expect(ConfigChanges(from: old, to: new).isEmpty)
        #expect(ConfigChanges(from: old, to: new).lines.isEmpty)
    }

    @Test func restartOnlySettingsAreNamedAndKeptAtTheirRunningValue() throws {
        let fixture = try DestinationFixture(secrets: ["kannel-password": "pa55"])
        defer { fixture.remove() }
        let old = try fixture.load(Self.header)
        var new = try fixture.load("catch-up 5m\nmetrics 127.0.0.1:9999\nreload signal\nlease-time 30s\n" + Self.header)
        new.state = "/elsewhere"
        let changes = ConfigChanges(from: old, to: new)
        #expect(changes.needRestart == ["state", "catch-up", "lease-time"])
        #expect(changes.settings == ["reload", "metrics"], "the listeners move on a reload")
        #expect(changes.lines.last?.hasPrefix("not applied until a restart: state, catch-up, lease-time") == true)

        let running = new.keepingRestartOnly(from: old)
        #expect(running.state == old.state)
        #expect(running.catchUp == old.catchUp)
        #expect(running.leaseTime == old.leaseTime)
        #expect(running.reload == .signal, "everything else applies")
        #expect(running.metrics?.port == 9999)
        #expect(ConfigChanges(from: old, to: running).needRestart.isEmpty)
    }

    // MARK: Schedule

    static func schedule(_ messages: String) -> String {
        """
        campaign drill 演练
            starts      2021-03-01
            lasts       1 month
            timezone    Asia/Shanghai
        region ops 值班
            webhook  ops-wecom
        \(messages)
        """
    }

    static func campaigns(_ text: String) -> [String: LoadedCampaign] {
        let loader = ScheduleLoader(readFile: { _ in Array(text.utf8) })
        let load = CampaignLoader.load(schedulePaths: ["/virtual/drill.schedule"], configuration: nil, loader: loader)
        #expect(!load.hasErrors, "\(load.rendered)")
        return Dictionary(uniqueKeysWithValues: load.campaigns.map { ($0.name, $0) })
    }

    @Test func messagesAddedRemovedRetimedAndRetexted() {
        let old = Self.campaigns(Self.schedule("""
            message launch
                at   2021-03-01 20:00
                to   ops
                via  webhook
                text 启动。
            message tip
                at   2021-03-02 09:00
                to   ops
                via  webhook
                text 提示。
            message drop
                at   2021-03-03 09:00
                to   ops
                via  webhook
                text 删除。
            """))
        let new = Self.campaigns(Self.schedule("""
            message launch
                at   2021-03-01 20:30
                to   ops
                via  webhook
                text 启动。
            message tip
                at   2021-03-02 09:00
                to   ops
                via  webhook
                text 新的提示。
            message extra
                at   2021-03-04 09:00
                to   ops
                via  webhook
                text 新增。
            """))
        let changes = ScheduleChanges(from: old, to: new)
        #expect(changes.added == ["drill/extra"])
        #expect(changes.removed == ["drill/drop"])
        #expect(changes.retimed == ["drill/launch"])
        #expect(changes.retexted == ["drill/tip"])
        #expect(changes.lines == ["1 message added: drill/extra", "1 message removed: drill/drop",
                                  "1 message retimed: drill/launch", "1 message retexted: drill/tip"])
        #expect(ScheduleChanges(from: new, to: new).isEmpty)
        #expect(ReloadChanges(config: .init(from: Self.emptyConfig, to: Self.emptyConfig),
                              schedule: ScheduleChanges(from: new, to: new)).summary == "nothing changed")
    }

    static let emptyConfig = DaemonConfiguration(file: "broadcastd.conf", schedule: "/s", outbox: .sqlite(stateDirectory: "/state"))
}
