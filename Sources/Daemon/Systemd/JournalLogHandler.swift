import CivilDate
import Foundation
import Logging

/// One line per event on stderr. Under systemd (`$JOURNAL_STREAM` set) each line
/// starts with the syslog priority in angle brackets, which journald turns into
/// the entry's priority; in a terminal the line starts with a UTC timestamp instead.
/// Metadata is printed as key=value; callers never put secrets or unmasked phone numbers in it.
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let underJournal: Bool

    public init(label: String, level: Logger.Level = .info, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.label = label
        self.logLevel = level
        self.underJournal = environment["JOURNAL_STREAM"] != nil
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let body = fields.isEmpty ? "\(event.message)" : "\(event.message) \(fields)"
        let line: String
        if underJournal {
            line = "<\(Self.syslogPriority(event.level))>\(body)\n"
        } else {
            line = "\(Self.timestamp()) \(event.level) \(body)\n"
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// sd-daemon.h's SD_ERR … SD_DEBUG.
    static func syslogPriority(_ level: Logger.Level) -> Int {
        switch level {
        case .critical: return 2
        case .error: return 3
        case .warning: return 4
        case .notice: return 5
        case .info: return 6
        case .debug, .trace: return 7
        }
    }

    private static func timestamp() -> String {
        CivilTime.iso8601(secondsSince1970: Int64(Date().timeIntervalSince1970), utcOffset: 0)
    }
}
