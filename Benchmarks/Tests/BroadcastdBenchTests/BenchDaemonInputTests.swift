import DaemonConfig
import Foundation
import Loading
import Testing
@testable import BroadcastdBench

/// The inputs the daemon and idle benchmarks generate load cleanly; no figure is asserted.
struct BenchDaemonInputTests {
    /// Benchmarks/Tests/BroadcastdBenchTests/this file → the repository.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func daemonBenchmarkFolderLoadsAsOneBroadcastToEveryNumber() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-daemon-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let benchmark = DaemonBenchmark(recipients: 250, concurrency: 32)
        try benchmark.write(in: folder, gatewayURL: "http://127.0.0.1:9/cgi-bin/sendsms")

        let config = DaemonConfigLoader.load(path: folder.appendingPathComponent("broadcastd.conf").path, environment: [:])
        let configuration = try #require(config.configuration, "\(config.rendered())")
        #expect(configuration.gateways.map(\.name) == ["sim"])
        #expect(configuration.gateways.first?.concurrency == 32)

        let load = CampaignLoader.load(schedulePaths: [configuration.schedule], configuration: configuration)
        #expect(!load.hasErrors, "\(load.rendered)")
        let plan = try #require(load.campaigns.first?.plan)
        #expect(plan.document.messages.map(\.name) == ["broadcast"])

        let numbers = try String(contentsOf: folder.appendingPathComponent("recipients.txt"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(numbers.count == 250)
        #expect(Set(numbers).count == 250)
    }

    @Test func wrkGetsTheKannelQueryTheDaemonSends() throws {
        let url = try DaemonBenchmark().wrkURL(gatewayURL: "http://127.0.0.1:13013/cgi-bin/sendsms")
        let components = try #require(URLComponents(string: url))
        #expect(components.path == "/cgi-bin/sendsms")
        let names = components.queryItems?.map(\.name) ?? []
        #expect(["username", "password", "from", "to", "text", "charset"].allSatisfy(names.contains))
        let text = components.queryItems?.first { $0.name == "text" }?.value
        #expect(text == DaemonBenchmark.signature + DaemonBenchmark.text)
    }

    @Test func idleBenchmarkCopiesTheShippedConfigWithPrivateSecrets() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-idle-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let benchmark = IdleBenchmark(configFolder: Self.repositoryRoot.appendingPathComponent("config").path)
        let config = try benchmark.copyConfig(into: folder)

        let secrets = folder.appendingPathComponent("config/secrets")
        let names = try FileManager.default.contentsOfDirectory(atPath: secrets.path)
        #expect(!names.isEmpty)
        for name in names {
            let mode = try FileManager.default.attributesOfItem(atPath: secrets.appendingPathComponent(name).path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name)")
        }
        let loaded = DaemonConfigLoader.load(path: config, environment: [:])
        #expect(loaded.configuration != nil, "\(loaded.rendered())")
        #expect(loaded.configuration?.state?.hasPrefix(folder.path) == true, "the copy's state stays in the temp folder")
    }

    @Test func idleBenchmarkRefusesAFolderWithoutAConfig() {
        #expect(throws: IdleBenchmark.Failure.self) {
            try IdleBenchmark(configFolder: "/nonexistent-bench-config").copyConfig(into: FileManager.default.temporaryDirectory)
        }
    }
}
