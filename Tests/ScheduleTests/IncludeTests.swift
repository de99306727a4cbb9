import Foundation
import LineLanguage
import Schedule
import Testing

struct IncludeTests {
    private static let campaign = "campaign c T\n    starts 2021-02-09\n    lasts 1 month\n    timezone UTC\n"

    @Test func includePathsAreRelativeToTheIncludingFile() throws {
        let result = ScheduleLoader.load(path: "conf/main.schedule", files: [
            "conf/main.schedule": Self.campaign + "include regions/all.regions\n",
            "conf/regions/all.regions": "region a A\n    sms lists/a.txt via gw\ninclude ../more/./b.regions\n",
            "conf/more/b.regions": "region a/b B\n",
        ])
        let document = try #require(result.document, "\(result.renderedDiagnostics)")
        #expect(document.files == ["conf/main.schedule", "conf/regions/all.regions", "conf/more/b.regions"])
        #expect(document.regions.map(\.path.description) == ["a", "a/b"])
        #expect(document.regions[0].sms?.resolvedPath == "conf/regions/lists/a.txt")
        #expect(document.regions[0].location.file == "conf/regions/all.regions")
    }

    @Test func aCycleIsAnErrorAtTheIncludeThatClosesIt() {
        let result = ScheduleLoader.load(path: "main", files: [
            "main": Self.campaign + "include a\n",
            "a": "region x X\ninclude main\n",
        ])
        #expect(result.document == nil)
        let cycle = result.diagnostics.first { $0.message.hasPrefix("include cycle") }
        #expect(cycle?.message == "include cycle: main → a → main")
        #expect(cycle?.location == SourceLocation(file: "a", line: 2, column: 9))
    }

    @Test func aFileIncludedTwiceIsReadOnceWithAWarning() throws {
        let result = ScheduleLoader.load(path: "main", files: [
            "main": Self.campaign + "include a\ninclude b\n",
            "a": "region x X\ninclude b\n",
            "b": "region y Y\n",
        ])
        let document = try #require(result.document, "\(result.renderedDiagnostics)")
        #expect(document.regions.map(\.path.description) == ["x", "y"])
        #expect(result.diagnostics.map(\.severity) == [.warning])
        #expect(result.diagnostics.first?.location == SourceLocation(file: "main", line: 6, column: 9))
    }

    @Test func anUnreadableRootIsAnErrorAtItsFirstLine() {
        let result = ScheduleLoader.load(path: "/nonexistent/broadcastd/x.schedule")
        #expect(result.document == nil)
        #expect(result.renderedDiagnostics == "/nonexistent/broadcastd/x.schedule:1:1: error: cannot read '/nonexistent/broadcastd/x.schedule': no such file")
    }

    @Test func aDirectoryIsNotASchedule() {
        let result = ScheduleLoader.load(path: ScheduleTestSupport.fixtures)
        #expect(result.diagnostics.first?.message.contains("it is a directory") == true)
    }

    /// Read, a FIFO would block the loader until a writer came; `/dev/zero` would never end.
    @Test(arguments: ["fifo", "/dev/zero"])
    func aFIFOOrADeviceIsNotAScheduleAndIsNotRead(kind: String) throws {
        let folder = NSTemporaryDirectory() + "include-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = kind == "fifo" ? folder + "/fifo.schedule" : kind
        if kind == "fifo" { try #require(mkfifo(path, 0o600) == 0) }
        let result = ScheduleLoader.load(path: path)
        #expect(result.document == nil)
        #expect(result.diagnostics.first?.message.contains(kind == "fifo" ? "it is a FIFO (named pipe), not a regular file"
                                                                          : "it is a device, not a regular file") == true)
    }

    @Test func errorsInAnIncludedFileNameThatFile() {
        let result = ScheduleLoader.load(path: "main", files: [
            "main": Self.campaign + "include r\n",
            "r": "region x X\n    webhok w\n",
        ])
        #expect(result.diagnostics.map(\.location) == [SourceLocation(file: "r", line: 2, column: 5)])
        #expect(result.renderedDiagnostics.contains("r:2:5: error: unknown property 'webhok' in a region\n    webhok w\n    ^\nhint: did you mean 'webhook'?"))
    }
}
