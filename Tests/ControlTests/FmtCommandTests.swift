import Foundation
import Testing

/// `broadcastctl fmt --check` for CI, the shipped example in canonical form,
/// and fmt's errors drawn like check's.
@Suite(.enabled(if: BroadcastctlProcess.isBuilt))
struct FmtCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fmt-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: ["config/chunfeng/campaign.schedule", "config/chunfeng/jiangxi.regions"])
    func theShippedExampleIsCanonical(file: String) throws {
        let result = try BroadcastctlProcess.run(["fmt", "--check", Self.root.appendingPathComponent(file).path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.isEmpty)
    }

    @Test func checkShowsWhatWouldChangeAndFailsWithoutWriting() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = "region jiangxi 江西省\n    sms    recipients/a.txt\n"
        let path = try write("loose.regions", text)
        let result = try BroadcastctlProcess.run(["fmt", "--check", path])
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.errors.contains("2: -     sms    recipients/a.txt"))
        #expect(result.errors.contains("2: +     sms recipients/a.txt"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)

        #expect(try BroadcastctlProcess.run(["fmt", "--write", path]).status == 0)
        #expect(try BroadcastctlProcess.run(["fmt", "--check", path]).status == 0)
    }

    @Test func errorsCarryTheLineAndACaretLikeCheck() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write("broken.schedule", "message launch\n    at 2021-02-30 20:00\n")
        let result = try BroadcastctlProcess.run(["fmt", path])
        #expect(result.status == 1)
        #expect(result.errors.contains("broken.schedule:2:8: error:"), "\(result.errors)")
        #expect(result.errors.contains("    at 2021-02-30 20:00"), "\(result.errors)")
        #expect(result.errors.contains("^"), "\(result.errors)")
    }

    @Test func writeAndCheckExcludeEachOther() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write("a.regions", "region a 甲\n")
        #expect(try BroadcastctlProcess.run(["fmt", "--check", "--write", path]).status != 0)
    }
}
