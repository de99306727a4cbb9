import ArgumentParser

/// The operator's and planner's tool. Each subcommand is one file under `Commands/`.
public struct Broadcastctl: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "broadcastctl",
        abstract: "Check, plan and operate broadcastd campaigns.",
        subcommands: [CheckCommand.self, PlanCommand.self, RehearseCommand.self, FmtCommand.self, TestSendCommand.self,
                      StatusCommand.self, LogCommand.self, PauseCommand.self, ResumeCommand.self,
                      CancelCommand.self, RetryCommand.self, SendCommand.self, OptoutCommand.self, OutboxCommand.self]
    )

    public init() {}
}
