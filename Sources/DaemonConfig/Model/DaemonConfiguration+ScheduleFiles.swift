import Foundation

/// Why the configured schedule cannot be found.
public struct ScheduleSourceError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var isEmptyDirectory: Bool

    public var description: String {
        isEmptyDirectory ? "the schedule folder '\(path)' holds no *.schedule file"
                         : "the schedule '\(path)' does not exist"
    }
}

extension DaemonConfiguration {
    /// The schedule files to load: the `schedule` file itself, or the `*.schedule`
    /// files of the `schedule` folder in name order (so the order is the same on every start).
    public func scheduleFiles() throws(ScheduleSourceError) -> [String] {
        try Self.scheduleFiles(at: schedule)
    }

    /// `scheduleFiles()` for a `schedule` path read alone (`DaemonConfigLoader.schedulePath`).
    public static func scheduleFiles(at schedule: String) throws(ScheduleSourceError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: schedule, isDirectory: &isDirectory) else {
            throw ScheduleSourceError(path: schedule, isEmptyDirectory: false)
        }
        guard isDirectory.boolValue else { return [schedule] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: schedule)) ?? []
        let files = names.filter { $0.hasSuffix(".schedule") && !$0.hasPrefix(".") }.sorted()
        if files.isEmpty { throw ScheduleSourceError(path: schedule, isEmptyDirectory: true) }
        return files.map { URL(fileURLWithPath: schedule).appendingPathComponent($0).path }
    }
}
