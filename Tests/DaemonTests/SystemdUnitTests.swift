import Foundation
import Testing

/// systemd is installed on these machines but is not PID 1, so the unit is
/// checked offline: `systemd-analyze verify` and the `security` exposure score.
private let systemdAnalyze = "/usr/bin/systemd-analyze"

@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: systemdAnalyze)))
struct SystemdUnitTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped unit with ExecStart pointing at the built binary, since verify
    /// checks that the command exists.
    func unitFile() throws -> URL {
        let text = try String(contentsOf: Self.root.appendingPathComponent("systemd/broadcastd.service"), encoding: .utf8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unit-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let unit = directory.appendingPathComponent("broadcastd.service")
        try text.replacingOccurrences(of: "/usr/local/bin/broadcastd", with: DaemonHarness.binary)
            .write(to: unit, atomically: true, encoding: .utf8)
        return unit
    }

    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ToolRun.run(systemdAnalyze, arguments)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)))
    func unitVerifies() throws {
        let result = try run(["verify", try unitFile().path])
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("broadcastd.service:"), "\(result.output)")
    }

    /// The shipped drop-ins (systemd/drop-ins: a local PostgreSQL, an encrypted
    /// outbox password) load onto the unit without a complaint.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: DaemonHarness.binary)))
    func dropInsVerify() throws {
        let unit = try unitFile()
        let folder = unit.deletingLastPathComponent()
        let dropIns = folder.appendingPathComponent("broadcastd.service.d")
        try FileManager.default.createDirectory(at: dropIns, withIntermediateDirectories: true)
        let shipped = Self.root.appendingPathComponent("systemd/drop-ins")
        let names = try FileManager.default.contentsOfDirectory(atPath: shipped.path).filter { $0.hasSuffix(".conf") }
        #expect(Set(names) == ["local-postgresql.conf", "outbox-password.conf"])
        for name in names {
            try FileManager.default.copyItem(at: shipped.appendingPathComponent(name), to: dropIns.appendingPathComponent(name))
        }
        // The unit path makes verify read the drop-in folder next to the unit (a trailing ':' keeps the defaults).
        let result = try ToolRun.run("/usr/bin/env", ["SYSTEMD_UNIT_PATH=\(folder.path):", systemdAnalyze, "verify", unit.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("broadcastd.service"), "\(result.output)")
    }

    @Test func exposureIsAtMostTwo() throws {
        let result = try run(["security", "--offline=yes", try unitFile().path])
        let line = try #require(result.output.split(separator: "\n").first { $0.contains("Overall exposure level") })
        print(line)
        let score = try #require(line.split(separator: " ").compactMap { Double($0) }.first)
        #expect(score <= 2.0, "\(line)")
    }
}
