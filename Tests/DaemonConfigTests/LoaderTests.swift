import Foundation
import LineLanguage
import Testing
@testable import DaemonConfig

/// Loading from disk: what the daemon and `broadcastctl check --config` see.
struct LoaderTests {
    @Test func aMissingFileIsOneErrorAtItsStart() throws {
        let result = DaemonConfigLoader.load(path: "/nonexistent/broadcastd.conf", environment: [:])
        let diagnostic = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(diagnostic.message == "cannot read the config file '/nonexistent/broadcastd.conf'")
        #expect(diagnostic.location == SourceLocation(file: "/nonexistent/broadcastd.conf", line: 1, column: 1))
    }

    @Test func binaryAndOversizedFilesAreRefusedQuickly() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let binary = folder.path + "/binary.conf"
        try Data([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0xff, 0xfe]).write(to: URL(fileURLWithPath: binary))
        let binaryResult = DaemonConfigLoader.load(path: binary, environment: [:])
        #expect(binaryResult.configuration == nil)
        #expect(!binaryResult.diagnostics.isEmpty && binaryResult.diagnostics.count <= 2)

        let huge = try folder.write("huge.conf", String(repeating: "x", count: DaemonConfigLoader.maximumSize + 1))
        #expect(DaemonConfigLoader.load(path: huge, environment: [:]).diagnostics.map(\.message)
            == ["the config file is larger than 1024 KiB"])
    }

    @Test func invalidUTF8IsReportedWhereItIs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/broadcastd.conf"
        try Data("schedule s\nstate st\nstate \u{0}".utf8.dropLast() + [0xC3, 0x28]).write(to: URL(fileURLWithPath: path))
        let result = DaemonConfigLoader.load(path: path, environment: [:])
        #expect(result.diagnostics.contains { $0.message == "invalid UTF-8 byte sequence" && $0.location.line == 3 })
    }

    @Test func renderedDiagnosticsShowTheLineAndCaret() {
        let result = DaemonConfigLoader.load(text: "schedule s\nstate st\ncatch-up 5 min\n", directory: "/etc", environment: [:])
        #expect(result.rendered() == """
            broadcastd.conf:3:12: error: a duration is written without a blank
            catch-up 5 min
                       ^
            hint: write 5m
            """)
    }

    @Test func scheduleFilesAreTheFileOrTheFoldersSchedulesInNameOrder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("schedules/b.schedule", "")
        try folder.write("schedules/a.schedule", "")
        try folder.write("schedules/notes.txt", "")
        try folder.write("schedules/.hidden.schedule", "")
        try folder.write("empty/readme.txt", "")
        func configuration(_ schedule: String) -> DaemonConfiguration {
            DaemonConfiguration(file: "c", schedule: folder.path + "/" + schedule, outbox: .sqlite(stateDirectory: folder.path))
        }
        #expect(try configuration("schedules").scheduleFiles() == [folder.path + "/schedules/a.schedule",
                                                                    folder.path + "/schedules/b.schedule"])
        #expect(try configuration("schedules/b.schedule").scheduleFiles() == [folder.path + "/schedules/b.schedule"])
        #expect(throws: ScheduleSourceError(path: folder.path + "/empty", isEmptyDirectory: true)) {
            try configuration("empty").scheduleFiles()
        }
        #expect(throws: ScheduleSourceError(path: folder.path + "/gone", isEmptyDirectory: false)) {
            try configuration("gone").scheduleFiles()
        }
    }

    /// Random and mutated configs: the loader always returns, never crashes, and
    /// every diagnostic points at a line of the file.
    @Test func survivesGarbage() throws {
        var generator = SeededGenerator(seed: 0x5eed)
        let seed = Array("""
            schedule s
            state st
            gateway g
                kind http-json
                url http://127.0.0.1:1/x?k=secret:a
                json {"to":"{to}"}
                rate 10/s burst 2
                retry 3 attempts within 1h
            endpoint e
                kind webhook
                url https://h/
                signing secret:w
            """.unicodeScalars)
        let alphabet = Array(" \t\n#\"\\,/:{}secret:0123456789hmsburstwithin春風\u{FFFD}".unicodeScalars)
        for _ in 0..<300 {
            var scalars = seed
            for _ in 0..<Int(generator.next() % 12) + 1 {
                let index = Int(generator.next() % UInt64(scalars.count))
                switch generator.next() % 3 {
                case 0: scalars.remove(at: index)
                case 1: scalars.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: index)
                default: scalars[index] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                }
            }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars)
            let lineCount = String(text).split(separator: "\n", omittingEmptySubsequences: false).count
            let result = DaemonConfigLoader.load(text: String(text), directory: "/etc", environment: [:])
            #expect(result.diagnostics.allSatisfy { (1...max(lineCount, 1)).contains($0.location.line) && $0.location.column >= 1 })
        }
    }
}
