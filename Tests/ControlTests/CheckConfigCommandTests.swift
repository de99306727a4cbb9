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
