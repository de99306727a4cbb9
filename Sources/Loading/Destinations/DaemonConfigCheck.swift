import DaemonConfig
import Foundation
import LineLanguage

/// The config as the daemon takes it: parsed by `DaemonConfigLoader`, then every
/// gateway and endpoint built by `DestinationFactory`. The daemon, `test-send` and
/// `broadcastctl check --config` all load through here, so a block the factory
/// would refuse at start-up fails `check` too, at the block's line.
public enum DaemonConfigCheck {
    public static func load(path: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment) -> ConfigLoadResult {
        building(DaemonConfigLoader.load(path: path, environment: environment))
    }

    public static func load(text: String, file: String = "broadcastd.conf", directory: String,
                            environment: [String: String]) -> ConfigLoadResult {
        building(DaemonConfigLoader.load(text: text, file: file, directory: directory, environment: environment))
    }

    /// Adds the factory's refusals, each at its block; a config with any has no configuration.
    static func building(_ loaded: ConfigLoadResult) -> ConfigLoadResult {
        guard let configuration = loaded.configuration else { return loaded }
        var refusals: [Diagnostic] = []
        for gateway in configuration.gateways {
            do { _ = try DestinationFactory.make(gateway: gateway, reports: configuration.reports) } catch {
                refusals.append(Diagnostic(.error, at: gateway.location, error.description))
            }
        }
        for endpoint in configuration.endpoints {
            do { _ = try DestinationFactory.make(endpoint: endpoint) } catch {
                refusals.append(Diagnostic(.error, at: endpoint.location, error.description))
            }
        }
        guard !refusals.isEmpty else { return loaded }
        var result = loaded
        result.configuration = nil
        result.diagnostics = (loaded.diagnostics + refusals).sorted {
            ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
        }
        return result
    }
}
