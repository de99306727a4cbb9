import Foundation
import Loading
import Testing

/// The campaigns' zones for the operating commands, read from the schedules a
/// config names, and nothing else of the config.
struct CampaignZonesTests {
    static func schedule(_ name: String, zone: String) -> String {
        """
        campaign \(name) 演练
            starts      2021-03-01
            lasts       2 days
            timezone    \(zone)
            sms-gateway g
        region test 测试区
            sms recipients.txt
        message broadcast
            at   2021-03-01 10:00
            to   test
            via  sms
            text 反诈演练
        """
    }

    func folder(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zones-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("schedules"), withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return directory
    }

    /// A folder of schedules in two zones; the gateway's secret does not exist, which
    /// would fail the daemon's full load, so it proves nothing but `schedule` is read.
    @Test func eachCampaignKeepsItsZoneAndNoSecretIsRead() throws {
        let directory = try folder([
            "broadcastd.conf": "schedule schedules\nstate state\nsecrets nowhere\ngateway g\n    kind kannel\n    password secret:missing\n",
            "schedules/a.schedule": Self.schedule("chunfeng", zone: "Asia/Shanghai"),
            "schedules/b.schedule": Self.schedule("tet", zone: "Asia/Ho_Chi_Minh"),
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let zones = CampaignZones.load(configPath: directory.appendingPathComponent("broadcastd.conf").path)
        #expect(zones.identifiers == ["chunfeng": "Asia/Shanghai", "tet": "Asia/Ho_Chi_Minh"])
        #expect(zones.identifier(of: "tet") == "Asia/Ho_Chi_Minh")
        #expect(zones.clock(for: nil) == nil)
        #expect(zones.clock(for: "chunfeng")?.identifier == "Asia/Shanghai")
    }

    @Test func oneZoneIsTheFallbackForTimesOfNoCampaign() throws {
        let directory = try folder([
            "broadcastd.conf": "schedule schedules/a.schedule\nstate state\n",
            "schedules/a.schedule": Self.schedule("chunfeng", zone: "Asia/Shanghai"),
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let zones = CampaignZones.load(configPath: directory.appendingPathComponent("broadcastd.conf").path)
        #expect(zones.identifier(of: nil) == "Asia/Shanghai")
        #expect(zones.identifier(of: "unknown") == "Asia/Shanghai")
        #expect(zones.clock(for: nil)?.identifier == "Asia/Shanghai")
    }

    @Test func noConfigMeansTheMachinesZone() {
        let zones = CampaignZones.load(configPath: "/nonexistent/broadcastd.conf")
        #expect(zones.identifiers.isEmpty)
        #expect(zones.fallback == TimeZone.current.identifier)
    }
}
