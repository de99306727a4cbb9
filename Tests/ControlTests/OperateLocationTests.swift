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

    @Test func theConfigsStateIsReadWithoutItsSecrets() throws {
        let config = try writeConfig("""
            schedule campaign.schedule
            secrets /nonexistent/secrets
            state .

            gateway kannel kannel http://127.0.0.1:13013/cgi-bin/sendsms
                username broadcastd
                password secret:kannel-password
            """)
        #expect(try DaemonConfigLoader.stateFolder(configPath: config) == fixture.folder)
        let (_, path) = try OutboxLocator(config: config, stateFolder: nil).open()
        #expect(path == fixture.outboxPath)
    }

    @Test func stateWinsOverConfig() throws {
        let (_, path) = try OutboxLocator(config: "/nonexistent/broadcastd.conf", stateFolder: fixture.folder).open()
        #expect(path == fixture.outboxPath)
    }

    @Test func aConfigWithoutStateSaysSo() throws {
        let config = try writeConfig("schedule campaign.schedule\n")
        #expect(throws: OperateError("\(config) has no 'state' setting; give the state folder with --state DIR")) {
            try OutboxLocator(config: config, stateFolder: nil).open()
        }
    }

    @Test func aMissingOutboxIsNotCreated() throws {
        let empty = fixture.folder + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(throws: OperateError("no outbox at \(empty)/outbox.sqlite; has broadcastd run with this state folder?")) {
            try OutboxLocator(config: OutboxOptions.defaultConfig, stateFolder: empty).open()
        }
        #expect(!FileManager.default.fileExists(atPath: empty + "/" + OutboxConnection.fileName))
    }

    @Test func theCommandsParseTheirTargets() throws {
        #expect(throws: (any Error).self) { try PauseCommand.parse([]) }
        let pause = try PauseCommand.parse(["weekly-tip", "--campaign", "chunfeng", "--state", "/var/lib/broadcastd"])
        #expect(pause.target.message == "weekly-tip" && pause.location.state == "/var/lib/broadcastd")
        #expect(try ResumeCommand.parse(["--campaign", "chunfeng", "--state-dir", "/x"]).location.state == "/x")
        let log = try LogCommand.parse(["--state", "dead", "--state-dir", "/x"])
        #expect(log.state == "dead" && log.stateDirectory == "/x")
    }
}
