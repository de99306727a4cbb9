import Foundation
import Synchronization
import Plan
import Schedule
import Testing

/// Phone lists are regular files: a FIFO, a device or a directory is refused
/// with a reason before anything reads it, and no read of a list can go on
/// forever. Each test runs its work under a deadline, so a hang fails it.
struct ListFileTests {
    /// Runs `work` on its own thread and fails when it takes longer than `seconds`
    /// (a read blocked in `open` on a FIFO cannot be cancelled, only abandoned).
    private func withinDeadline<T: Sendable>(_ seconds: Double = 5, _ work: @escaping @Sendable () -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<T?>(nil)
        Thread.detachNewThread {
            let value = work()
            result.withLock { $0 = value }
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else {
            Issue.record("still running after \(seconds) s: the read hangs")
            throw CancellationError()
        }
        return try #require(result.withLock { $0 })
    }

    private func fifo(in scratch: Scratch) throws -> String {
        let path = scratch.directory + "/fifo.txt"
        try #require(mkfifo(path, 0o600) == 0)
        return path
    }

    private func plan(smsList path: String) -> Plan? {
        let document = Fixture.document(
            regions: [Fixture.region("jiangxi", "江西省"), Fixture.region("jiangxi/nanchang", "南昌市", sms: path)],
            messages: [Fixture.message("tip", [.at([Fixture.moment("2021-02-10 10:00")])], to: Fixture.targets(["jiangxi/**"]))])
        return try? Plan(document)
    }

    @Test(arguments: ["fifo", "directory", "/dev/zero", "/dev/urandom"])
    func aListThatIsNoRegularFileIsAnErrorAtItsSmsLine(kind: String) throws {
        let scratch = try Scratch()
        let path = kind == "fifo" ? try fifo(in: scratch) : kind == "directory" ? scratch.directory : kind
        let diagnostics = try withinDeadline { plan(smsList: path)?.warnings() ?? [] }
        let error = try #require(diagnostics.first { $0.severity == .error })
        #expect(error.location == Fixture.location)
        #expect(error.message.contains("a phone list must be a regular file"))
    }

    @Test(arguments: ["fifo", "/dev/zero"])
    func anOptOutFileThatIsNoRegularFileIsAnError(kind: String) throws {
        let scratch = try Scratch()
        let path = kind == "fifo" ? try fifo(in: scratch) : kind
        let diagnostics = try withinDeadline {
            var campaign = Fixture.campaign()
            campaign.optOutList = OptOutList(path: "optout.txt", resolvedPath: path, location: Fixture.location)
            return (try? Plan(Fixture.document(campaign: campaign, messages: [])))?.optOutFileDiagnostics() ?? []
        }
        #expect(diagnostics.map(\.severity) == [.error])
        #expect(diagnostics.first?.message.contains("must be a regular file") == true)
    }

    @Test func aSymlinkToARegularFileIsAList() throws {
        let scratch = try Scratch()
        let target = try scratch.write("list.txt", "13800000001\n")
        let link = scratch.directory + "/link.txt"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let reader = try PhoneListReader(path: link)
        #expect(try reader.next() != nil)
        #expect(ListFile.kindProblem(atPath: link) == nil)
    }

    @Test func aHugeFileWithoutNewlinesIsAnErrorNotAnEndlessRead() throws {
        let scratch = try Scratch()
        let path = try scratch.write("one-line.txt", String(repeating: "1", count: PhoneListReader.longestSkippedLine + 4096))
        let reader = try PhoneListReader(path: path, chunkSize: 4096)
        #expect(throws: PhoneListError.self) { while try reader.next() != nil {} }
        // A long line below the bound is only a malformed line.
        let long = try scratch.write("long.txt", String(repeating: "1", count: 5000) + "\n13800000001\n")
        let tolerant = try PhoneListReader(path: long)
        #expect(try tolerant.next() == .malformed(MalformedLine(line: 1, column: 1, problem: .tooLong)))
    }

    /// The reloader reads lists inside a task: SIGTERM cancels it, and the read stops at the next chunk.
    @Test func aReadInACancelledTaskStops() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("big.txt", (0..<20_000).map { String(format: "1380%07d", $0) }.joined(separator: "\n"))
        let outcome = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            do {
                let reader = try PhoneListReader(path: path, chunkSize: 4096)
                var count = 0
                while try reader.next() != nil { count += 1 }
                return "read \(count) numbers"
            } catch {
                return "\(error)"
            }
        }.value
        #expect(outcome.hasSuffix("the read was cancelled"))
    }

    @Test func theIdentitySaysHowAListChanged() throws {
        let scratch = try Scratch()
        let path = try scratch.write("list.txt", "13800000001\n13800000002\n")
        let first = try #require(try PhoneListReader(path: path).identity)
        #expect(ListIdentity(first.description) == first)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("13800000003\n".utf8))
        try handle.close()
        let grown = try #require(try PhoneListReader(path: path).identity)
        #expect(grown.change(since: first) == "grown")
        _ = try scratch.write("list.txt", "13900000001\n")
        #expect(try #require(try PhoneListReader(path: path).identity).change(since: grown) == "replaced by another file")
    }
}
