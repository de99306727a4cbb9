import Foundation
import Testing
@testable import Outbox
@testable import OutboxSQLite
import OutboxTestSupport

// Linux only: the child is found through /proc/self/exe, and the test binary
// runs a single test when started with `--filter`.
#if os(Linux)
import Glibc

/// The crash test issue 5 asks for, with a real SIGKILL: a child process (this
/// test binary, running only `KillWorker`) leases, "sends" by appending each
/// recipient to a sink file, and records, until the parent kills it at
/// whatever instant it happens to be in, three times. Then the rest is sent
/// in-process. Every recipient must be in the sink, and the extra copies no
/// more than the leases in flight at the kills. Each kill is aimed at a
/// different step (right after a lease commits, after the sends, after the
/// record), though it lands wherever the child has got to by then. With
/// overlapping lists, the kills also fall inside the county's, the city's and
/// the province's reading, and each person still gets one copy, from the
/// deepest region listing them.
struct SIGKILLTests {
    static let batch = 50

    @Test(arguments: KillScenario.allCases)
    func threeKillsLoseNothingAndRepeatOnlyWhatWasInFlight(scenario: KillScenario) throws {
        let folder = try TemporaryDirectory()
        do {
            let outbox = try OutboxConnection(stateDirectory: folder.path)
            try outbox.enqueue(scenario.broadcasts, now: 0)
        }
        var batchesSeen = 0
        var inFlightAtKills: Int64 = 0
        for (generation, step) in zip(1..., KillWorker.Step.allCases) {
            batchesSeen += try runWorkerUntilKilled(folder: folder.path, scenario: scenario, generation: generation,
                                                    afterBatches: 8 * generation, at: step)
            inFlightAtKills += try OutboxConnection(stateDirectory: folder.path).broadcastStatuses().reduce(0) { $0 + $1.counts.inFlight }
        }
        #expect(batchesSeen == 8 + 16 + 24)
        #expect(inFlightAtKills <= 3 * Int64(Self.batch))

        let outbox = try OutboxConnection(stateDirectory: folder.path)
        let now = KillWorker.clock(generation: 4)
        try outbox.releaseExpiredLeases(now: now)
        let sink = try Sink(folder: folder.path)
        while true {
            let leases = try outbox.leaseDue(now: now, limit: Self.batch, owner: "final", leaseSeconds: 30,
                                             source: scenario.source)
            if leases.isEmpty { break }
            try sink.append(leases.map(Sink.line))
            try outbox.record(leases.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: now) }, owner: "final")
        }

        let sent = try Sink.received(in: folder.path)
        #expect(Set(sent) == scenario.expectedLines, "missing \(scenario.expectedLines.subtracting(sent).sorted().prefix(20)), unexpected \(Set(sent).subtracting(scenario.expectedLines).sorted().prefix(20))")
        let extraCopies = sent.count - Set(sent).count
        #expect(extraCopies <= inFlightAtKills, "\(extraCopies) duplicates, \(inFlightAtKills) in flight at the kills")
        let statuses = try outbox.broadcastStatuses()
        #expect(statuses.reduce(0) { $0 + $1.counts.delivered } == Int64(scenario.expectedLines.count))
        #expect(statuses.reduce(0) { $0 + $1.counts.total } == Int64(scenario.expectedLines.count))
        #expect(try outbox.positionsAddUp())
        #expect(try outbox.storedDeliveryCount() == 0)
        print("SIGKILL test: \(batchesSeen) batches recorded before the kills, \(inFlightAtKills) leases in flight at the kills, \(extraCopies) recipients sent twice")
    }

    /// Starts a worker, reads its progress lines, SIGKILLs it when it reports
    /// `step` after recording `afterBatches` batches (or lets it end if it
    /// finishes first). Returns the batches it recorded.
    private func runWorkerUntilKilled(folder: String, scenario: KillScenario, generation: Int, afterBatches: Int,
                                      at step: KillWorker.Step) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["--testing-library", "swift-testing", "--filter", "KillWorker"]
        var environment = ProcessInfo.processInfo.environment
        environment[KillWorker.folderVariable] = folder
        environment[KillWorker.generationVariable] = String(generation)
        environment[KillWorker.scenarioVariable] = scenario.rawValue
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var recorded = 0
        var pending = ""
        reading: while true {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            pending += String(decoding: data, as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                let line = pending[..<newline]
                pending = String(pending[pending.index(after: newline)...])
                if recorded >= afterBatches && line == step.line { break reading }
                if line == KillWorker.Step.recorded.line { recorded += 1 }
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return recorded
    }
}

/// What the gateway received, one file per batch: a batch is written to a
/// temporary name and renamed, so a SIGKILL in the middle of writing it leaves
/// no half line. (One O_APPEND write is not enough: Linux stops a write to a
/// regular file between pages when a fatal signal is pending, and the next
/// worker's first line would then be glued to the torn one.) A torn batch was
/// never "received", as a request cut off mid-body never reaches a gateway.
final class Sink {
    private let folder: String
    private var batches = 0

    init(folder: String) throws {
        self.folder = folder + "/sink"
        try FileManager.default.createDirectory(atPath: self.folder, withIntermediateDirectories: true)
    }

    /// What the gateway saw: the region a copy was sent from, and to whom.
    static func line(_ lease: Lease) -> String { lease.key.region + " " + lease.recipient }

    func append(_ lines: [String]) throws {
        batches += 1
        let name = "\(getpid())-\(batches)"
        let partial = folder + "/." + name
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: partial))
        guard rename(partial, folder + "/" + name) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Every line of every whole batch.
    static func received(in folder: String) throws -> [String] {
        let batches = try FileManager.default.contentsOfDirectory(atPath: folder + "/sink").filter { !$0.hasPrefix(".") }
        return try batches.flatMap { batch in
            try String(contentsOfFile: folder + "/sink/" + batch, encoding: .utf8).split(separator: "\n").map(String.init)
        }
    }
}

/// The child side of `SIGKILLTests`: enabled only in the process that test starts.
struct KillWorker {
    static let folderVariable = "OUTBOX_KILL_WORKER_FOLDER"
    static let generationVariable = "OUTBOX_KILL_WORKER_GENERATION"
    static let scenarioVariable = "OUTBOX_KILL_WORKER_SCENARIO"

    /// The steps the worker reports, one line each, as it does them.
    enum Step: String, CaseIterable {
        case leased, sent, recorded

        var line: String { "kill-worker \(rawValue)" }

        func report() {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }

    /// Each generation starts later than the last one's leases expire.
    static func clock(generation: Int) -> Int64 { Sample.launchAt + Int64(generation) * 1_000 }

    @Test(.enabled(if: ProcessInfo.processInfo.environment[KillWorker.folderVariable] != nil))
    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let folder = try #require(environment[Self.folderVariable])
        let generation = try #require(environment[Self.generationVariable].flatMap { Int($0) })
        let scenario = try #require(environment[Self.scenarioVariable].flatMap(KillScenario.init(rawValue:)))
        let now = Self.clock(generation: generation)
        let outbox = try OutboxConnection(stateDirectory: folder)
        try outbox.releaseExpiredLeases(now: now)
        let sink = try Sink(folder: folder)
        let owner = "generation-\(generation)"
        while true {
            let leases = try outbox.leaseDue(now: now, limit: SIGKILLTests.batch, owner: owner, leaseSeconds: 30,
                                             source: scenario.source)
            if leases.isEmpty { return }
            Step.leased.report()
            try sink.append(leases.map(Sink.line))
            Step.sent.report()
            try outbox.record(leases.map { Outcome(delivery: $0.id, result: .delivered(gatewayMessageID: nil), at: now) }, owner: owner)
            Step.recorded.report()
        }
    }
}
/// What the killed worker sends: one list of 4 000, or three overlapping lists
/// (6 000 people on 8 100 positions) read county first.
enum KillScenario: String, CaseIterable, Sendable {
    case oneList, overlappingLists

    private static let overlap = Overlap(scale: 3)

    var broadcasts: [NewBroadcast] {
        switch self {
        case .oneList: [Sample.listed(list: "synthetic", count: 4_000)]
        case .overlappingLists: Self.overlap.broadcasts()
        }
    }

    var source: any RecipientSource {
        switch self {
        case .oneList: SyntheticSource(count: 4_000)
        case .overlappingLists: Self.overlap.source
        }
    }

    /// One sink line per person, naming the region that must send it.
    var expectedLines: Set<String> {
        switch self {
        case .oneList:
            Set((0..<4_000).map { "jiangxi " + SyntheticSource.number($0) })
        case .overlappingLists:
            Set(Self.overlap.regions.flatMap { region in Self.overlap.attributed(to: region.path).map { region.path + " " + $0 } })
        }
    }
}
#endif
