import ArgumentParser

/// `broadcastctl optout add|remove|list`: numbers that never get SMS.
struct OptoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optout",
        abstract: "Manage the numbers that never get SMS (the outbox's opt-out table).",
        discussion: "Numbers are stored in E.164; 13812345678 is read as +8613812345678. The daemon honours a change at its next lease.",
        subcommands: [Add.self, Remove.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Opt numbers out of SMS.")
        @OptionGroup var location: OutboxOptions
        @Argument(help: "Phone numbers.") var numbers: [String]

        func run() async throws {
            let outbox = try await reportingErrors { try await location.open() }.backend
            try await OperateError.reported {
                do {
                    return try await OptOuts.add(numbers, in: outbox, now: try await DaemonClock.now(reading: outbox))
                } catch {
                    guard let unwritable = UnwritableOutbox.matches(error) else { throw error }
                    return .failure(await UnwritableOutbox.advice(
                        unwritable, what: "NOT opted out, these numbers still get SMS; make the state folder writable and add them again",
                        outbox: outbox))
                }
            }.emit()
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let numbers get SMS again.")
        @OptionGroup var location: OutboxOptions
        @Argument(help: "Phone numbers.") var numbers: [String]

        func run() async throws {
            let outbox = try await reportingErrors { try await location.open() }.backend
            try await OperateError.reported { try await OptOuts.remove(numbers, in: outbox) }.emit()
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the opt-outs, newest first, numbers masked; or say whether one number is opted out (exit 1 if not).")
        @OptionGroup var location: OutboxOptions
        @Argument(help: "A number to look up.") var number: String?
        @Option(help: "At most this many entries.") var limit = 100
        @Flag(help: "Print the numbers in full.") var showNumbers = false
        @Flag(help: "Print one JSON object (see docs/status.md).") var json = false
        @OptionGroup var times: DisplayOptions

        func run() async throws {
            let outbox = try await reportingErrors { try await location.open() }.backend
            let display = times.display(config: location.config)
            try await OperateError.reported {
                if let number { return try await OptOuts.check(number, in: outbox, display: display) }
                return try await OptOuts.list(in: outbox, limit: limit, showNumbers: showNumbers, json: json, display: display)
            }.emit()
        }
    }
}
