import Foundation
import Testing

/// `check --config` rehearses the campaign and prints the rehearsal's warnings
/// with the others: a planner learns at `check` that a broadcast runs into the
/// night, without knowing `rehearse` exists.
@Suite(.enabled(if: BroadcastctlProcess.isBuilt))
struct CheckRehearsalTests {
    /// 200 people at 1/s from 21:29: the quiet hours from 21:30 hold most of them until 08:00.
    static let schedule = """
        campaign drill 演练
            starts      2021-03-01
            lasts       2 days
            timezone    Asia/Shanghai
            quiet       21:30-08:00 for sms
            sms-gateway g
        region test 测试区
            sms recipients.txt
        message late
            at   2021-03-01 21:29
            to   test
            via  sms
            text 反诈演练
        """

    static let config = """
        schedule campaign.schedule
        state    state
        gateway g
            kind http-json
            url  https://g.example/send
            json {"to":"{to}","text":"{text}"}
            rate 1/s
        """

    func check(_ extra: [String] = []) throws -> (status: Int32, output: String, errors: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("check-rehearsal-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.schedule.write(to: directory.appendingPathComponent("campaign.schedule"), atomically: true, encoding: .utf8)
        let numbers = (0..<200).map { "138\(String(format: "%08d", $0))" }.joined(separator: "\n") + "\n"
        try numbers.write(to: directory.appendingPathComponent("recipients.txt"), atomically: true, encoding: .utf8)
        let path = directory.appendingPathComponent("broadcastd.conf").path
        try Self.config.write(toFile: path, atomically: true, encoding: .utf8)
        return try BroadcastctlProcess.run(["check", "--config", path] + extra)
    }

    @Test func aBroadcastRunningIntoQuietHoursIsAWarningOfCheck() throws {
        let result = try check()
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors.contains("rehearsal: warning: late 2021-03-01 21:29: the last SMS goes out 2021-03-02 08:"),
                "\(result.errors)")
        #expect(result.errors.contains("broadcastctl rehearse --config"))
        #expect(result.output.hasSuffix("1 warning\n"), "\(result.output)")
    }

    @Test func noRehearseLeavesItOut() throws {
        let result = try check(["--no-rehearse"])
        #expect(result.status == 0)
        #expect(!result.errors.contains("rehearsal"))
        #expect(!result.output.contains("warning"))
    }
}
