import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads on SIGHUP and, under `reload on-change` (the default), when
/// `broadcastd.conf` or a schedule file (or one it includes) changed on disk
/// and has then been quiet for `FileQuiet`'s few seconds. Files are compared by
/// modification time and size every second: a handful of stat calls, cheaper
/// than keeping inotify watches right across editors that replace files by
/// renaming. Signals that arrive during a reload coalesce into one more reload.
public final class ReloadService: Service {
    private let reloader: Reloader
    private let clock: any WallTimeClock
    private let logger: Logger
    private let pollInterval: Duration
    private let quiet: Duration
    private let signals: UnixSignalsSequence?

    /// `signals` must trap SIGHUP before the daemon says READY=1: until then,
    /// SIGHUP's default action would end the process.
    public init(reloader: Reloader, signals: UnixSignalsSequence?, clock: any WallTimeClock, logger: Logger,
                pollInterval: Duration = .seconds(1), quiet: Duration = .seconds(2)) {
        self.reloader = reloader
        self.signals = signals
        self.clock = clock
        self.logger = logger
        self.pollInterval = pollInterval
        self.quiet = quiet
    }

    public func run() async throws {
        let signals = signals
        try await runUntilGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                if let signals {
                    group.addTask {
                        for await _ in signals { await self.reloader.reload(because: "SIGHUP") }
                    }
                }
                group.addTask { await self.watchFiles() }
                await group.next()
                group.cancelAll()
            }
        }
    }

    func watchFiles() async {
        var files = FileQuiet(quiet: quiet.inSeconds, known: await fingerprints())
        var reloads = await reloader.finished
        while !Task.isCancelled {
            do { try await clock.sleep(for: pollInterval) } catch { return }
            let current = await fingerprints()
            let finished = await reloader.finished
            if finished != reloads {
                // A SIGHUP reloaded meanwhile: it read the files as they are.
                reloads = finished
                files.reloaded(current)
                continue
            }
            guard files.observe(current, now: clock.now.timeIntervalSince1970) else { continue }
            let changed = current.keys.filter { current[$0] != files.known[$0] }.sorted()
            await reloader.reload(because: "changed on disk: \(changed.joined(separator: ", "))")
            files.reloaded(await fingerprints())
            reloads = await reloader.finished
        }
    }

    /// Modification time and size of every file to watch (none under `reload
    /// signal`); a missing file counts as a change too.
    private func fingerprints() async -> FileQuiet.Fingerprints {
        var result: FileQuiet.Fingerprints = [:]
        for file in await reloader.watchedFiles() {
            var info = stat()
            result[file] = stat(file, &info) == 0 ? "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_size)" : "missing"
        }
        return result
    }
}
