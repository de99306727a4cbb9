import Foundation
import Testing
@testable import DaemonConfig

/// The quick start's `config/broadcastd.conf` loads, with every secret resolved.
struct ShippedExampleTests {
    static let configFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config").path

    /// A copy with the secrets at mode 600, as the quick start leaves them: git keeps no modes.
    static func copy() throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        let secrets = configFolder + "/secrets"
        for name in try FileManager.default.contentsOfDirectory(atPath: secrets) where name != "README.md" {
            try folder.write("config/secrets/\(name)", String(contentsOfFile: secrets + "/" + name, encoding: .utf8))
        }
        let config = try folder.write("config/broadcastd.conf",
                                      String(contentsOfFile: configFolder + "/broadcastd.conf", encoding: .utf8), mode: 0o644)
        return (folder, config)
    }

    @Test func loadsWithoutAnyDiagnostic() throws {
        let (folder, path) = try Self.copy()
        defer { folder.remove() }
        let result = DaemonConfigLoader.load(path: path, environment: [:])
        #expect(result.diagnostics.isEmpty, "\(result.rendered())")
        let config = try #require(result.configuration)
        #expect(config.schedule == folder.path + "/config/chunfeng/campaign.schedule")
        #expect(config.state == folder.path + "/state")
        #expect(config.gateways.map(\.name) == ["kannel-main", "backup-gateway", "china-mobile-gw", "china-unicom-gw", "china-telecom-gw"])
        #expect(config.route(named: "carriers")?.gateways == ["china-mobile-gw", "backup-gateway", "china-unicom-gw", "china-telecom-gw"])
        #expect(config.gateway(named: "backup-gateway")?.kind == .jasmin)
        #expect(config.endpoint(named: "province-media-desk")?.signing.count == 1)
    }

    @Test func everyDestinationStaysOnLoopback() throws {
        let (folder, path) = try Self.copy()
        defer { folder.remove() }
        let result = DaemonConfigLoader.load(path: path, environment: [:])
        let config = try #require(result.configuration)
        let urls = config.gateways.map(\.url.revealed) + config.endpoints.map(\.url.revealed)
        #expect(!urls.isEmpty)
        for url in urls {
            #expect(URLComponents(string: url)?.host == "127.0.0.1", "\(url)")
        }
    }

    /// `make demo` stops China Mobile's gateway mid-launch: the simulator can do that only
    /// to a gateway on a port of its own, the port scripts/demo stops, and the campaign
    /// must send through the route for its numbers to fail over.
    @Test func eachCarriersGatewayHasThePortTheDemoStartsAndChinaMobilesIsTheOneStopped() throws {
        let (folder, path) = try Self.copy()
        defer { folder.remove() }
        let config = try #require(DaemonConfigLoader.load(path: path, environment: [:]).configuration)
        let ports = ["china-mobile-gw", "china-unicom-gw", "china-telecom-gw"].map { name in
            config.gateway(named: name).flatMap { URLComponents(string: $0.url.revealed)?.port }
        }
        #expect(ports == [13014, 13015, 13016])
        let root = URL(fileURLWithPath: Self.configFolder).deletingLastPathComponent()
        let demo = try String(contentsOf: root.appendingPathComponent("scripts/demo"), encoding: .utf8)
        #expect(ports.allSatisfy { $0.map { demo.contains("--gateway-port \($0)") } ?? false })
        #expect(demo.contains("--stop-after 13014:40"))
        let schedule = try String(contentsOf: root.appendingPathComponent("config/chunfeng/campaign.schedule"), encoding: .utf8)
        #expect(schedule.contains("sms-gateway carriers"))
    }
}
