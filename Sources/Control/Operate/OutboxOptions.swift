import ArgumentParser
import DaemonConfig
import Foundation
import OutboxSQLite

/// Where the operating commands find the outbox: `--state DIR` (also spelt
/// `--state-dir`) wins, else the `state` setting of `--config FILE`.
struct OutboxOptions: ParsableArguments {
    static let defaultConfig = "/etc/broadcastd/broadcastd.conf"
    static let configHelp = ArgumentHelp("The daemon config; its 'state' setting names the folder holding the outbox.", valueName: "file")
    static let stateHelp = ArgumentHelp("The state folder holding outbox.sqlite; wins over --config.", valueName: "dir")

    @Option(help: OutboxOptions.configHelp)
    var config: String = OutboxOptions.defaultConfig

    @Option(name: [.customLong("state"), .customLong("state-dir")], help: OutboxOptions.stateHelp)
    var state: String?

    func open() throws -> (outbox: SQLiteOutbox, path: String) {
        try OutboxLocator(config: config, stateFolder: state).open()
    }
}

/// The search itself, apart from the options: `log` spells its folder option
/// `--state-dir` only, since its `--state` filters by delivery state.
struct OutboxLocator {
    var config: String
    var stateFolder: String?

    /// The state folder named, or the config's. Secrets in the config are not read.
    func folder() throws -> String {
        if let stateFolder { return stateFolder }
        do {
            return try DaemonConfigLoader.stateFolder(configPath: config)
        } catch let error as StateSettingError {
            throw OperateError(error.description)
        }
    }

    /// The outbox, opened without creating it: a reader must not leave an empty
    /// outbox behind for a daemon that was pointed elsewhere.
    func open() throws -> (outbox: SQLiteOutbox, path: String) {
        let folder = try folder()
        return (try OutboxLocator.open(stateFolder: folder), folder + "/" + SQLiteOutbox.fileName)
    }

    static func open(stateFolder folder: String) throws -> SQLiteOutbox {
        let path = folder + "/" + SQLiteOutbox.fileName
        guard FileManager.default.fileExists(atPath: path) else {
            throw OperateError("no outbox at \(path); has broadcastd run with this state folder?")
        }
        do {
            return try SQLiteOutbox(stateDirectory: folder, access: .existing)
        } catch {
            throw OperateError("cannot open the outbox at \(path): \(error)")
        }
    }
}
