import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads on SIGHUP and when a schedule file (or one it includes) changes on
/// disk. Files are compared by modification time and size every two seconds: a
/// handful of stat calls, cheaper than keeping inotify watches right across
/// editors that replace files by renaming. Signals that arrive during a reload
/// coalesce into one more reload.
public final class ReloadService: Service {
    private let reloader: Reloader
    private let registry: CampaignRegistry
    private let logger: Logger
    private let pollInterval: Duration
    private let signals: UnixSignalsSequence

    /// `signals` must trap SIGHUP before the daemon says READY=1: until then,
    /// SIGHUP's default action would end the process.
    public init(reloader: Reloader, registry: CampaignRegistry, signals: UnixSignalsSequence, logger: Logger,
                pollInterval: Duration = .seconds(2)) {
        self.reloader = reloader
        self.signals = signals
        self.registry = registry
        self.logger = logger
        self.pollInterval = pollInterval
    }

    public func run() async throws {
        let signals = signals
        try await runUntilGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in signals { await self.reloader.reload(because: "SIGHUP") }
                }
                group.addTask { await self.watchFiles() }
                await group.next()
                group.cancelAll()
            }
        }
    }

    private func watchFiles() async {
        var known = await fingerprints()
        while !Task.isCancelled {
            try? await Task.sleep(for: pollInterval)
            let current = await fingerprints()
            if current != known {
                await reloader.reload(because: "a schedule file changed")
                known = await fingerprints()
            }
        }
    }

    /// Modification time and size of every file the running schedule was read
    /// from; a missing file counts as a change too.
    private func fingerprints() async -> [String: String] {
        let files = await registry.snapshot().files
        var result: [String: String] = [:]
        for file in files {
            var info = stat()
            result[file] = stat(file, &info) == 0 ? "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_size)" : "missing"
        }
        return result
    }
}
