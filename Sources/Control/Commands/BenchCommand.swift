import ArgumentParser

/// `broadcastctl bench …`: measurements on this machine, loopback only.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure parts of broadcastd on this machine (loopback only).",
        subcommands: [Transport.self, ScheduleLoad.self]
    )

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
            guard (1...20).contains(rounds) else { throw ValidationError("--rounds must be between 1 and 20") }
            guard (1...30).contains(roundSeconds) else { throw ValidationError("--round-seconds must be between 1 and 30") }
            guard (1...1024).contains(inFlight) else { throw ValidationError("--in-flight must be between 1 and 1024") }
            guard (1...8).contains(sinkThreads) else { throw ValidationError("--sink-threads must be between 1 and 8") }
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
            guard (1...1_000_000).contains(messages) else { throw ValidationError("--messages must be between 1 and 1000000") }
            guard (2...100_000).contains(regions) else { throw ValidationError("--regions must be between 2 and 100000") }
            guard (1...20).contains(runs) else { throw ValidationError("--runs must be between 1 and 20") }
        }

        func run() throws {
            print(try ScheduleBenchmark(messages: messages, regions: regions, runs: runs).run())
        }
    }
}
