import Foundation
import Testing
@testable import BroadcastdBench

/// Reading /proc, wrk's output and the daemon's ready line; no figure is asserted.
struct BenchMeasurementParsingTests {
    static let status = """
        Name:\tbroadcastd
        VmPeak:\t  300000 kB
        VmHWM:\t   24576 kB
        VmRSS:\t   20480 kB
        Threads:\t8
        """

    @Test(arguments: [
        ("4242 (broadcastd) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 8 0 100", 3.0),
        ("4242 (odd ) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 8 0 100", 0.1),
    ])
    func procStatGivesUserPlusSystemSeconds(stat: String, cpuSeconds: Double) throws {
        let usage = try ProcessUsage.parse(stat: stat, status: Self.status, ticksPerSecond: 100)
        #expect(abs(usage.cpuSeconds - cpuSeconds) < 1e-9)
        #expect(usage.residentBytes == 20480 * 1024)
        #expect(usage.peakResidentBytes == 24576 * 1024)
    }

    @Test func truncatedProcFilesAreErrors() {
        #expect(throws: ProcessUsage.Unreadable.self) {
            try ProcessUsage.parse(stat: "4242 (broadcastd) S 1", status: Self.status, ticksPerSecond: 100)
        }
        #expect(throws: ProcessUsage.Unreadable.self) {
            try ProcessUsage.parse(stat: "4242 (broadcastd) S 1 4242 4242 0 -1 0 0 0 0 0 1 1 0 0", status: "Name: x", ticksPerSecond: 100)
        }
    }

    @Test func ownProcessSampleIsPlausible() throws {
        let usage = try ProcessUsage.sample(pid: getpid())
        #expect(usage.residentBytes > 0)
        #expect(usage.peakResidentBytes >= usage.residentBytes)
    }

    @Test func wrkRateIsReadFromItsSummary() {
        let output = """
            Running 5s test @ http://127.0.0.1:1/x
              2 threads and 64 connections
            Requests/sec:  41234.56
            Transfer/sec:      5.12MB
            """
        #expect(WrkRun.rate(inOutput: output) == 41234.56)
        #expect(WrkRun.rate(inOutput: "unable to connect") == nil)
    }

    @Test func readyLineKeepsTheCampaignSummary() {
        let log = "info: loading\ninfo: broadcastd ready pid=7 campaigns=chunfeng (26 messages)\n"
        #expect(IdleBenchmark.readyLine(in: log) == ", campaigns=chunfeng (26 messages)")
        #expect(IdleBenchmark.readyLine(in: "info: broadcastd ready campaigns=a: 1 message pid=9\n") == ", campaigns=a: 1 message")
        #expect(IdleBenchmark.readyLine(in: "info: loading\n") == "")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/time")))
    func childPeakMemoryIsTheChildsOwnNotThisProcesss() throws {
        let own = try ProcessUsage.sample(pid: getpid()).peakResidentBytes
        let child = try ProcessUsage.peakResidentBytes(running: "/bin/true", arguments: [])
        #expect(child > 0)
        #expect(child < own, "a trivial child must not inherit this process's high-water mark")
    }
}
