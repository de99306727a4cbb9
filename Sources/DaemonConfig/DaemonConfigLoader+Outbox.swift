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
        var parser = try parser(configPath: path, keeping: outboxLines, environment: environment)
        let location = parser.parseOutboxLocation()
        let result = ConfigLoadResult(configuration: nil, diagnostics: parser.diagnostics.all, source: parser.source,
                                      credentialLines: parser.credentialLines)
        guard let location, !result.hasErrors else {
            throw OutboxSettingError(description: result.rendered())
        }
        return location
    }

    /// The schedule files a config names (its `schedule` file, or the folder's
    /// `*.schedule` files), read like `outboxLocation`: no other line, no secret.
    public static func scheduleFiles(configPath path: String,
                                     environment: [String: String] = ProcessInfo.processInfo.environment)
    throws(OutboxSettingError) -> [String] {
        var parser = try parser(configPath: path, keeping: ["schedule"], environment: environment)
        let schedule = parser.parseSchedulePath()
        let result = ConfigLoadResult(configuration: nil, diagnostics: parser.diagnostics.all, source: parser.source,
                                      credentialLines: parser.credentialLines)
        guard let schedule, !result.hasErrors else {
            throw OutboxSettingError(description: result.hasErrors ? result.rendered() : "\(path): no 'schedule' setting")
        }
        do {
            return try DaemonConfiguration.scheduleFiles(of: schedule)
        } catch {
            throw OutboxSettingError(description: error.description)
        }
    }

    /// A parser over only the top-level settings named in `kept`; the other lines are blanked, keeping line numbers.
    private static func parser(configPath path: String, keeping kept: Set<String>,
                               environment: [String: String]) throws(OutboxSettingError) -> ConfigParser {
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
        return ConfigParser(source: source, directory: directory, environment: environment)
    }
}
