import ArgumentParser

/// `broadcastd-bench …`: measurements on this machine, loopback only. A program
/// of its own, outside the shipped products: the operator's `broadcastctl`
/// carries no benchmark harness and no gateway simulator.
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "broadcastd-bench",
        abstract: "Measure parts of broadcastd on this machine (loopback only).",
        subcommands: [Transport.self, ScheduleLoad.self, Ceiling.self, Daemon.self, Idle.self, Enqueue.self, OnTime.self,
                      Retention.self, Seam.self, Route.self, RouteDaemon.self, Rehearse.self, Postgres.self, All.self]
    )

    public init() {}

    struct Transport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "transport",
            abstract: "Transfers per second through the libcurl transport to a loopback sink, next to wrk against the same sink."
        )

        @Option(help: "Rounds; each runs the transport, then wrk.")
        var rounds: Int = 3

        @Option(help: "Seconds of each side in each round.")
        var roundSeconds: Int = 1

        @Option(help: "Transfers in flight at once (and wrk's connection count).")
        var inFlight: Int = 64

        @Option(help: "Event-loop threads of the loopback sink.")
        var sinkThreads: Int = 2

        @Option(help: "The wrk binary.")
        var wrk: String = "/usr/bin/wrk"

        func validate() throws {
            try requireOption("--rounds", rounds, in: 1...20)
            try requireOption("--round-seconds", roundSeconds, in: 1...30)
            try requireOption("--in-flight", inFlight, in: 1...1024)
            try requireOption("--sink-threads", sinkThreads, in: 1...8)
        }

        func run() async throws {
            let benchmark = TransportBenchmark(
                rounds: rounds, roundSeconds: roundSeconds, inFlight: inFlight, sinkThreads: sinkThreads, wrkPath: wrk
            )
            print(try await benchmark.run())
        }
    }

    struct ScheduleLoad: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schedule",
            abstract: "Time check and plan expansion of a generated campaign against reading its files."
        )

        @Option(help: "Messages in the generated schedule.")
        var messages: Int = 10_000

        @Option(help: "Regions, the root included.")
        var regions: Int = 111

        @Option(help: "Runs of each step; the fastest counts.")
        var runs: Int = 3

        func validate() throws {
            try requireOption("--messages", messages, in: 1...1_000_000)
            try requireOption("--regions", regions, in: 2...100_000)
            try requireOption("--runs", runs, in: 1...20)
        }

        func run() throws {
            print(try ScheduleBenchmark(messages: messages, regions: regions, runs: runs).run())
        }
    }

    struct Ceiling: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ceiling",
            abstract: "The real broadcastd end to end against a bare curl_multi loop, both to one nginx sink, interleaved: the ratio to libcurl's ceiling."
        )

        @Option(help: "Sends per side per round.")
        var recipients: Int = 20_000

        @Option(help: "Rounds; each runs the daemon, then the bare loop.")
        var rounds: Int = 3

        @Option(help: "Transfers in flight on both sides.")
        var concurrency: Int = 64

        func validate() throws {
            try requireOption("--recipients", recipients, in: 100...10_000_000)
            try requireOption("--rounds", rounds, in: 1...20)
            try requireOption("--concurrency", concurrency, in: 1...1024)
        }

        func run() async throws {
            print(try await CeilingBenchmark(recipients: recipients, rounds: rounds, concurrency: concurrency).run())
        }
    }

    struct Daemon: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "daemon",
            abstract: "End-to-end deliveries per second of the real broadcastd to a loopback Kannel sink, next to wrk against it."
        )

        @Option(help: "Synthetic recipients of the one SMS broadcast.")
        var recipients: Int = 20_000

        @Option(help: "Seconds of the wrk run (default: as long as the daemon's broadcast took).")
        var seconds: Int?

        @Option(help: "The daemon's gateway concurrency (and wrk's connection count).")
        var concurrency: Int = 64

        @Option(help: "Event-loop threads of the loopback sink.")
        var sinkThreads: Int = 2

        @Option(help: "The wrk binary.")
        var wrk: String = "/usr/bin/wrk"

        func validate() throws {
            try requireOption("--recipients", recipients, in: 1...10_000_000)
            if let seconds { try requireOption("--seconds", seconds, in: 1...60) }
            try requireOption("--concurrency", concurrency, in: 1...1024)
            try requireOption("--sink-threads", sinkThreads, in: 1...8)
        }

        func run() async throws {
            let benchmark = DaemonBenchmark(recipients: recipients, wrkSeconds: seconds, concurrency: concurrency,
                                            sinkThreads: sinkThreads, wrkPath: wrk)
            print(try await benchmark.run())
        }
    }

    struct Route: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "route",
            abstract: "What routing adds per delivery: Router.choose over a million mainland numbers."
        )

        @Option(help: "Numbers to route.")
        var numbers: Int = 1_000_000

        func validate() throws {
            try requireOption("--numbers", numbers, in: 1...100_000_000)
        }

        func run() {
            print(RouteBenchmark(numbers: numbers).run())
        }
    }

    struct Idle: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "idle",
            abstract: "CPU time and resident memory of broadcastd holding the shipped example while idle."
        )

        @Option(help: "Seconds of the idle window after READY=1.")
        var seconds: Int = 10

        @Option(help: "The shipped config folder (copied; its state is untouched).")
        var configFolder: String = "config"

        @Option(help: "The daemon's clock: a quiet moment of the campaign.")
        var pretendNow: String = "2021-03-03T03:00:00+08:00"

        func validate() throws {
            try requireOption("--seconds", seconds, in: 1...600)
        }

        func run() throws {
            print(try IdleBenchmark(configFolder: configFolder, seconds: seconds, pretendNow: pretendNow).run())
        }
    }

    struct Enqueue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enqueue",
            abstract: "Enqueue, lease and record one SMS broadcast to synthetic lists in-process, at a tenth and the full size, next to reading the lists.",
            discussion: """
                --shape single: one list of --recipients numbers. --shape province: one list per region of a \
                province (1 province, 11 cities, 100 counties; rank = depth) of one occurrence, --recipients list \
                positions over all of them, overlapping by --overlap; it checks every person is leased once.
                """
        )

        enum Shape: String, ExpressibleByArgument, CaseIterable {
            case single, province
        }

        @Option(help: "Synthetic recipients of the broadcast (a tenth runs first); with --shape province, list positions over all lists.")
        var recipients: Int = 1_000_000

        @Option(help: "Deliveries leased and recorded per transaction.")
        var batch: Int = 1_000

        @Option(help: "The lists: single, or province (overlapping region lists of one occurrence).")
        var shape: Shape = .single

        @Option(help: "Province shape: share of a county's people also on their city's list, and of everyone on the province's.")
        var overlap: Double = 0.2

        @Flag(help: "Province shape: lease under a frequency cap of 2 SMS per day per number (a cap counter row per person).")
        var caps = false

        func validate() throws {
            try requireOption("--recipients", recipients, in: 10...100_000_000)
            try requireOption("--batch", batch, in: 1...100_000)
            guard (0...1).contains(overlap) else { throw ValidationError("--overlap must be between 0 and 1") }
            if shape == .single, caps || overlap != 0.2 {
                throw ValidationError("--caps and --overlap need --shape province")
            }
            if shape == .province {
                try requireOption("--recipients", recipients, in: 10 * EnqueueBenchmark.ProvinceShape().listCount...100_000_000)
            }
        }

        func run() throws {
            switch shape {
            case .single:
                print(try EnqueueBenchmark(recipients: recipients, batch: batch).run())
            case .province:
                let benchmark = EnqueueBenchmark.Province(
                    positions: recipients, batch: batch, shape: EnqueueBenchmark.ProvinceShape(overlap: overlap),
                    caps: caps ? EnqueueBenchmark.Province.twoPerDay : nil)
                print(try benchmark.run())
            }
        }
    }

    struct OnTime: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "on-time",
            abstract: "Delay from each occurrence's due time to its first send by the real broadcastd, p50 and p99."
        )

        @Option(help: "One-off occurrences in the schedule.")
        var occurrences: Int = 10_000

        @Option(help: "Consecutive minutes the occurrences are due in.")
        var minutes: Int = 2

        @Option(help: "The gateway sink: simulator (the Swift simulator, recording; the aim's measure) or nginx (access log with $msec).")
        var sink: OnTimeBenchmark.Sink = .simulator

        @Option(help: "Seconds of pretend time from the daemon's start to the first due minute (over 90, each minute is enqueued while the daemon runs, not at its start).")
        var lead: Int = 10

        func validate() throws {
            try requireOption("--occurrences", occurrences, in: 1...100_000)
            try requireOption("--minutes", minutes, in: 1...10)
            try requireOption("--lead", lead, in: 1...600)
        }

        func run() async throws {
            print(try await OnTimeBenchmark(occurrences: occurrences, minutes: minutes, leadSeconds: lead, sink: sink).run())
        }
    }

    struct Seam: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seam",
            abstract: "What one outbox call costs through SQLiteOutbox's serial queue against the connection itself."
        )

        @Option(help: "Calls per side per round.")
        var calls: Int = 100_000

        @Option(help: "Rounds, alternating the two sides.")
        var rounds: Int = 3

        func validate() throws {
            try requireOption("--calls", calls, in: 1...10_000_000)
            try requireOption("--rounds", rounds, in: 1...20)
        }

        func run() async throws {
            print(try await SeamBenchmark(calls: calls, rounds: rounds).run())
        }
    }

    struct Retention: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retention",
            abstract: "The outbox's size over a simulated quarter of daily broadcasts, with the delivery log pruned as the daemon does.",
            discussion: "Scaled down (--per-day); the report extrapolates per log entry to a province's ~11 million sends a day."
        )

        @Option(help: "Simulated days.")
        var days: Int = 91

        @Option(help: "Deliveries (log entries) a simulated day.")
        var perDay: Int = 50_000

        @Option(help: "log-retention, in days.")
        var retentionDays: Int = 30

        func validate() throws {
            try requireOption("--days", days, in: 1...366)
            try requireOption("--per-day", perDay, in: 10...10_000_000)
            try requireOption("--retention-days", retentionDays, in: 1...366)
        }

        func run() throws {
            print(try RetentionBenchmark(days: days, perDay: perDay, retentionDays: retentionDays).run())
        }
    }

    struct Rehearse: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rehearse",
            abstract: "Rehearse a quarter over lists of --positions positions, next to plan's people counting of the same lists; then the shipped quarter at the census scale (--estimates)."
        )

        @Option(help: "List positions over the 112 generated lists (the province shape of bench enqueue).")
        var positions: Int = 10_000_000

        @Option(help: "The shipped config folder (its broadcastd.conf and schedule, read only).")
        var configFolder: String = "config"

        func validate() throws {
            try requireOption("--positions", positions, in: 10_000...100_000_000)
        }

        func run() throws {
            print(try RehearseBenchmark(positions: positions, configFolder: configFolder).run())
        }
    }

    struct All: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "all",
            abstract: "transport, schedule, ceiling, daemon, idle, enqueue (single list, province shape, province shape with caps) and on-time in turn, at modest sizes (what `make bench` runs)."
        )

        @Option(help: "The wrk binary.")
        var wrk: String = "/usr/bin/wrk"

        func run() async throws {
            print("== bench transport")
            print(try await TransportBenchmark(wrkPath: wrk).run())
            print("\n== bench schedule")
            print(try ScheduleBenchmark(messages: 10_000, regions: 111, runs: 3).run())
            print("\n== bench ceiling")
            print(try await CeilingBenchmark().run())
            print("\n== bench daemon")
            print(try await DaemonBenchmark(recipients: 20_000, wrkPath: wrk).run())
            print("\n== bench idle")
            print(try IdleBenchmark().run())
            print("\n== bench enqueue")
            print(try EnqueueBenchmark(recipients: 1_000_000).run())
            print("\n== bench enqueue --shape province")
            print(try EnqueueBenchmark.Province(positions: 1_000_000).run())
            print("\n== bench enqueue --shape province --caps")
            print(try EnqueueBenchmark.Province(positions: 1_000_000, caps: EnqueueBenchmark.Province.twoPerDay).run())
            print("\n== bench on-time")
            print(try await OnTimeBenchmark().run())
            print("\n== bench retention --per-day 10000")
            print(try RetentionBenchmark(perDay: 10_000).run())
        }
    }
}

extension OnTimeBenchmark.Sink: ExpressibleByArgument {}
