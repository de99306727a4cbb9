import ArgumentParser
import DaemonConfig
import Foundation
import OutboxOpening

/// Where the operating commands find the outbox: `--state-dir DIR` wins, else
/// the `outbox` (or `state`) setting of `--config FILE`. One name across every
/// command: `log --state` filters by delivery state, so the folder is never
/// `--state` in the help; the old spelling still works here, with a note.
struct OutboxOptions: ParsableArguments {
    static let defaultConfig = "/etc/broadcastd/broadcastd.conf"
    static let configHelp = ArgumentHelp("The daemon config; its 'outbox' (or 'state') setting says where the outbox is.",
                                         valueName: "file")
    static let stateHelp = ArgumentHelp("The state folder holding outbox.sqlite; wins over --config.", valueName: "dir")

    @Option(help: OutboxOptions.configHelp)
    var config: String = OutboxOptions.defaultConfig

    @Option(name: .customLong("state-dir"), help: OutboxOptions.stateHelp)
    var stateDirectory: String?

    /// `--state DIR`, as these commands spelt it before `--state-dir`: kept for scripts, out of the help.
    @Option(name: .customLong("state"), help: .hidden)
    var legacyState: String?

    var state: String? { stateDirectory ?? legacyState }

    func open() async throws -> OpenedOutbox {
        if legacyState != nil, stateDirectory == nil {
            Terminal.printNote("--state DIR is spelt --state-dir now (as in `log`, where --state is a delivery state)")
        }
        return try await OutboxLocator(config: config, stateFolder: state).open()
    }

    /// The schedule `--config` names, for controls and `status`; nil (with a
    /// warning when it could not be read) means acting on what the outbox holds only.
    func schedule() -> ScheduleView? {
        do {
            return try ScheduleView.load(config: config, stateGiven: state != nil)
        } catch {
            Terminal.printError("warning: \(error); going by what the outbox holds only")
            return nil
        }
    }
}

/// The search itself, apart from the options: `log` spells its folder option
/// `--state-dir` only, since its `--state` filters by delivery state.
struct OutboxLocator {
    var config: String
    var stateFolder: String?
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// The folder named, or the config's outbox. Of the config's secrets, only
    /// the outbox's password is read.
    func location() throws -> OutboxLocation {
        if let stateFolder { return .sqlite(stateDirectory: stateFolder) }
        do {
            return try DaemonConfigLoader.outboxLocation(configPath: config, environment: environment)
        } catch {
            throw OperateError(error.description)
        }
    }

    /// The outbox, opened without creating it.
    func open() async throws -> OpenedOutbox {
        try await Self.open(try location())
    }

    static func open(_ location: OutboxLocation) async throws -> OpenedOutbox {
        do {
            return try await OutboxOpener.open(location, access: .existing)
        } catch {
            throw OperateError(error.description)
        }
    }
}
