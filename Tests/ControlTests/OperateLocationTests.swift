import DaemonConfig
import Foundation
import Outbox
@testable import OutboxSQLite
import Testing
@testable import Control

/// Finding the outbox: --state wins, else the config's `state`, read without
/// resolving the secrets an operator may not be allowed to read.
struct OperateLocationTests {
    let fixture: OperateFixture

    init() throws {
        fixture = try OperateFixture()
    }

    func writeConfig(_ text: String) throws -> String {
        let path = fixture.folder + "/broadcastd.conf"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theConfigsStateIsReadWithoutItsSecrets() async throws {
        let config = try writeConfig("""
            schedule campaign.schedule
            secrets /nonexistent/secrets
            state .

            gateway kannel kannel http://127.0.0.1:13013/cgi-bin/sendsms
                username broadcastd
                password secret:kannel-password
            """)
        #expect(try DaemonConfigLoader.outboxLocation(configPath: config) == .sqlite(stateDirectory: fixture.folder))
        let opened = try await OutboxLocator(config: config, stateFolder: nil).open()
        #expect(opened.place == fixture.outboxPath)
    }

    @Test func stateWinsOverConfig() async throws {
        let opened = try await OutboxLocator(config: "/nonexistent/broadcastd.conf", stateFolder: fixture.folder).open()
        #expect(opened.place == fixture.outboxPath)
    }

    @Test func aConfigWithoutStateSaysSo() async throws {
        let config = try writeConfig("schedule campaign.schedule\n")
        let error = await #expect(throws: OperateError.self) { try await OutboxLocator(config: config, stateFolder: nil).open() }
        #expect(error?.description.hasPrefix("\(config):1:1: error: no 'state' setting") == true, "\(String(describing: error))")
    }

    @Test func aMissingOutboxIsNotCreated() async throws {
        let empty = fixture.folder + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        await #expect(throws: OperateError("no outbox at \(empty)/outbox.sqlite; has broadcastd run with this state folder?")) {
            try await OutboxLocator(config: OutboxOptions.defaultConfig, stateFolder: empty).open()
        }
        #expect(!FileManager.default.fileExists(atPath: empty + "/" + OutboxConnection.fileName))
    }

    @Test func theCommandsParseTheirTargets() throws {
        #expect(throws: (any Error).self) { try PauseCommand.parse([]) }
        let pause = try PauseCommand.parse(["weekly-tip", "--campaign", "chunfeng", "--state-dir", "/var/lib/broadcastd"])
        #expect(pause.target.message == "weekly-tip" && pause.location.state == "/var/lib/broadcastd")
        // The older spelling still works for scripts, but the help names one option for the folder everywhere.
        #expect(try StatusCommand.parse(["--state", "/y"]).location.state == "/y")
        for usage in [StatusCommand.helpMessage(), PauseCommand.helpMessage(), LogCommand.helpMessage()] {
            #expect(usage.contains("--state-dir <dir>"))
            #expect(!usage.contains("--state <dir>"), "\(usage)")
        }
        #expect(try ResumeCommand.parse(["--campaign", "chunfeng", "--state-dir", "/x"]).location.state == "/x")
        let log = try LogCommand.parse(["--state", "dead", "--state-dir", "/x"])
        #expect(log.state == "dead" && log.stateDirectory == "/x")
    }
}
