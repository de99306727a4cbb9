import Foundation
import Testing

/// `broadcastctl check --config`: the daemon's own loading, and a summary that
/// counts every diagnostic it printed, the config's included.
@Suite(.enabled(if: BroadcastctlProcess.isBuilt))
struct CheckConfigCommandTests {
    static let schedule = """
        campaign drill 演练
            starts      2021-03-01
            lasts       2 days
            timezone    Asia/Shanghai
            sms-gateway g
        region test 测试区
            sms recipients.txt
        message broadcast
            at   2021-03-01 10:00
            to   test
            via  sms
            text 反诈演练
        """

    func check(config: String) throws -> (status: Int32, output: String, errors: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.schedule.write(to: directory.appendingPathComponent("campaign.schedule"), atomically: true, encoding: .utf8)
        try "13800000001\n".write(to: directory.appendingPathComponent("recipients.txt"), atomically: true, encoding: .utf8)
        let path = directory.appendingPathComponent("broadcastd.conf").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return try BroadcastctlProcess.run(["check", "--config", path])
    }

    static func config(json: String, extra: String = "") -> String {
        """
        schedule campaign.schedule
        state    state
        \(extra)
        gateway g
            kind http-json
            url  https://g.example/send
            json \(json)
        """
    }

    @Test func theSummaryCountsTheConfigsOwnErrorsAndWarnings() throws {
        let result = try check(config: Self.config(json: #"{"to":"{to}","text":"{text}"}"#, extra: "catch-up 5 minutes\n"))
        #expect(result.status == 1)
        #expect(result.output.contains("FAILED"))
        #expect(result.output.contains("1 error,"), "\(result.output)")
        #expect(!result.output.contains("0 errors"), "\(result.output)")
    }

    @Test func aJSONBodyTheDaemonCannotSendFailsTheCheck() throws {
        let result = try check(config: Self.config(json: #"{"to":"{to}","text":"{text}","priority":1}"#))
        #expect(result.status == 1, "\(result.output)\(result.errors)")
        #expect(result.errors.contains("broadcastd.conf:7:10: error: the json body has a value that is not a string"),
                "\(result.errors)")
    }
}

/// `check --config --connect`: the outbox the config names is tried, creating nothing.
@Suite(.enabled(if: BroadcastctlProcess.isBuilt))
struct CheckConnectCommandTests {
    func check(state: String?, extra: String = "", connect: Bool = true) throws -> (status: Int32, output: String, errors: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("check-connect-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try CheckConfigCommandTests.schedule.write(to: directory.appendingPathComponent("campaign.schedule"), atomically: true, encoding: .utf8)
        try "13800000001\n".write(to: directory.appendingPathComponent("recipients.txt"), atomically: true, encoding: .utf8)
        let config = "schedule campaign.schedule\n" + (state.map { "state \($0)\n" } ?? "") + extra
            + "gateway g\n    kind http-json\n    url https://g.example/send\n    json {\"to\":\"{to}\",\"text\":\"{text}\"}\n"
        let path = directory.appendingPathComponent("broadcastd.conf").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        if state == "state" { try FileManager.default.createDirectory(at: directory.appendingPathComponent("state"), withIntermediateDirectories: true) }
        let result = try BroadcastctlProcess.run(["check", "--config", path] + (connect ? ["--connect"] : []))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("state/outbox.sqlite").path),
                "checking created an outbox")
        return result
    }

    @Test func aStateFolderWithoutAnOutboxYetPasses() throws {
        let result = try check(state: "state")
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(result.output.contains("Checking the outbox at '"), "\(result.output)")
        #expect(result.output.contains("/state/outbox.sqlite'  SUCCESS"), "\(result.output)")
        #expect(result.output.contains("no outbox yet; broadcastd creates it at its first start"), "\(result.output)")
    }

    @Test func aMissingStateFolderFailsAndSaysWhatToDo() throws {
        let result = try check(state: "/nonexistent/broadcastd-state")
        #expect(result.status == 1, "\(result.output)\(result.errors)")
        #expect(result.output.contains("Checking the outbox at '/nonexistent/broadcastd-state/outbox.sqlite'  FAILED"), "\(result.output)")
        #expect(result.errors.contains("state folder unusable: the state folder /nonexistent/broadcastd-state does not exist"),
                "\(result.errors)")
        #expect(result.output.contains("1 error"), "\(result.output)")
    }

    @Test func withoutTheFlagTheOutboxIsNotTried() throws {
        let result = try check(state: "/nonexistent/broadcastd-state", connect: false)
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(!result.output.contains("the outbox at"), "\(result.output)")
    }

    @Test func aPasswordInTheOutboxURLFailsTheCheckWithoutBeingPrinted() throws {
        let result = try check(state: nil, extra: "outbox postgresql://bd:hunter2-pw@127.0.0.1/bd\n")
        #expect(result.status == 1)
        #expect(result.errors.contains("broadcastd.conf:2:23: error: the outbox URL holds a password"), "\(result.errors)")
        #expect(!(result.output + result.errors).contains("hunter2-pw"), "\(result.output)\(result.errors)")
    }
}
