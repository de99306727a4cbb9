import Logging

/// A line for the log, decided by a pure machine and written by the service
/// that runs it: the machine stays free of I/O, and its tests read what it
/// would have logged.
struct LogLine: Equatable, Sendable {
    var level: Logger.Level
    var message: String
    var metadata: [String: String] = [:]

    func emit(to logger: Logger) {
        logger.log(level: level, "\(message)", metadata: metadata.isEmpty ? nil : metadata.mapValues { .string($0) })
    }
}
