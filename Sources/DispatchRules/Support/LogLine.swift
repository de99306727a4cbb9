import Logging

/// A line for the log, decided by a pure machine and written by the service
/// that runs it: the machine stays free of I/O, and its tests read what it
/// would have logged.
package struct LogLine: Equatable, Sendable {
    package var level: Logger.Level
    package var message: String
    package var metadata: [String: String] = [:]

    package init(level: Logger.Level, message: String, metadata: [String: String] = [:]) {
        self.level = level
        self.message = message
        self.metadata = metadata
    }

    package func emit(to logger: Logger) {
        logger.log(level: level, "\(message)", metadata: metadata.isEmpty ? nil : metadata.mapValues { .string($0) })
    }
}
