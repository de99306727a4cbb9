import LineLanguage
import Testing
@testable import DaemonConfig

/// `metrics ADDRESS:PORT [remote]`: read like `reports`, by the same address reader.
struct MetricsConfigTests {
    static func load(_ lines: String) -> ConfigLoadResult {
        let text = "schedule campaign.schedule\nstate /var/lib/broadcastd\n" + lines
        return DaemonConfigLoader.load(text: text, directory: "/etc/broadcastd", environment: [:])
    }

    static func errors(_ result: ConfigLoadResult) -> [String] {
        result.diagnostics.filter { $0.severity == .error }.map { "\($0.location.line):\($0.location.column) \($0.message)" }
    }

    @Test func readsALoopbackListener() throws {
        let result = Self.load("metrics 127.0.0.1:9471\n")
        #expect(result.diagnostics.isEmpty, "\(result.rendered())")
        let metrics = try #require(result.configuration?.metrics)
        #expect(metrics == MetricsConfiguration(host: "127.0.0.1", port: 9471, allowsRemote: false))
        #expect(metrics.baseURL == "http://127.0.0.1:9471")
        #expect(Self.load("metrics [::1]:9471\n").configuration?.metrics?.baseURL == "http://[::1]:9471")
    }

    @Test func isOffWhenNotWrittenAndNeedsNoReports() throws {
        #expect(try #require(Self.load("").configuration).metrics == nil)
        #expect(try #require(Self.load("metrics 127.0.0.1:9471\n").configuration).reports == nil)
    }

    @Test(arguments: [
        ("metrics 10.0.0.5:9471", "3:9 the metrics listener would be reachable from other hosts"),
        ("metrics 0.0.0.0:9471 remote", "3:9 'metrics' needs one address, not every address"),
        ("metrics localhost:9471", "3:9 'localhost' is not an IP address"),
        ("metrics 127.0.0.1", "3:9 '127.0.0.1' is not an address and port"),
        ("metrics 127.0.0.1:99999", "3:19 the port must be between 1 and 65535, not 99999"),
        ("metrics 127.0.0.1:9471 public", "3:24 unexpected 'public' after the address of 'metrics'"),
        ("metrics", "3:8 'metrics' needs an address and port"),
    ])
    func refusesBadAddresses(line: String, error: String) {
        let result = Self.load(line + "\n")
        #expect(result.configuration == nil)
        #expect(Self.errors(result) == [error], "\(result.rendered())")
    }

    @Test func aRemoteListenerIsAllowedWhenSaidSoWithAWarning() throws {
        let result = Self.load("metrics 10.0.0.5:9471 remote\n")
        let metrics = try #require(result.configuration?.metrics, "\(result.rendered())")
        #expect(metrics.allowsRemote)
        #expect(result.diagnostics.map(\.severity) == [.warning])
        #expect(result.diagnostics.first?.message.contains("metrics will be served over plain HTTP") == true)
    }

    @Test func aLoopbackListenerHintNamesPrometheus() {
        let result = Self.load("metrics 10.0.0.5:9471\n")
        #expect(result.diagnostics.first?.hint?.contains("'metrics 10.0.0.5:9471 remote' if Prometheus scrapes it") == true,
                "\(result.rendered())")
    }
}
