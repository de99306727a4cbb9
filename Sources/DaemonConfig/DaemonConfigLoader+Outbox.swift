import Foundation
import LineLanguage

/// Why a config's outbox settings could not be read.
public struct OutboxSettingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
}

extension DaemonConfigLoader {
    /// The settings the outbox's place depends on; every other line is left unread.
    static let outboxLines: Set<String> = ["state", "outbox", "outbox-password", "secrets"]

    /// Where a config's outbox lives (`state`, `outbox`, `outbox-password`), read with
    /// the daemon's parser but nothing else of the file: `broadcastctl status` needs
    /// only this, and an operator may be allowed to read the config but not the
    /// gateways' secrets. Only the outbox's own password secret is read.
    public static func outboxLocation(configPath path: String,
                                      environment: [String: String] = ProcessInfo.processInfo.environment)
    throws(OutboxSettingError) -> OutboxLocation {
        var (parser, source) = try parser(configPath: path, keeping: outboxLines, environment: environment)
        let location = parser.parseOutboxLocation()
        let result = ConfigLoadResult(configuration: nil, diagnostics: parser.diagnostics.all, source: source,
                                      credentialLines: parser.credentialLines)
        guard let location, !result.hasErrors else {
            throw OutboxSettingError(description: result.rendered())
        }
        return location
    }

    /// The config's `schedule` path (a file or a folder), read alone like `outboxLocation`:
    /// the operating commands show times in each campaign's zone, which its schedule names.
    public static func schedulePath(configPath path: String) throws(OutboxSettingError) -> String {
        var (parser, source) = try parser(configPath: path, keeping: ["schedule"], environment: [:])
        let schedule = parser.parseSchedulePath()
        let result = ConfigLoadResult(configuration: nil, diagnostics: parser.diagnostics.all, source: source,
                                      credentialLines: parser.credentialLines)
        guard let schedule, !result.hasErrors else {
            throw OutboxSettingError(description: result.hasErrors ? result.rendered() : "\(path): no 'schedule' setting")
        }
        return schedule
    }

    /// The daemon's parser over `path` with every top-level line but `kept` blanked, so
    /// nothing else (no gateway, no secret) is read.
    private static func parser(configPath path: String, keeping kept: Set<String>, environment: [String: String])
    throws(OutboxSettingError) -> (ConfigParser, SourceFile) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OutboxSettingError(description: "cannot read the config file '\(path)'; give the state folder with --state DIR")
        }
        var (source, _) = SourceFile.decode(name: path, bytes: Array(data))
        source.lines = source.lines.map { line in
            guard line.indentation == 0, !line.isBlank, !line.isComment else { return SourceLine(number: line.number, scalars: []) }
            var scanner = LineScanner(line: line, file: path)
            let keep = scanner.next().map { kept.contains($0.text) } ?? false
            return keep ? line : SourceLine(number: line.number, scalars: [])
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return (ConfigParser(source: source, directory: directory, environment: environment), source)
    }
}
