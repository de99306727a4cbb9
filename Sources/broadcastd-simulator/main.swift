import ArgumentParser
import GatewaySimulator

func run<Command: AsyncParsableCommand>(_: Command.Type) async {
    await Command.main()
}
await run(SimulatorCommand.self)
