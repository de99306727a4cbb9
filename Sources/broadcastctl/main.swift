import ArgumentParser
import Control

func run<Command: AsyncParsableCommand>(_: Command.Type) async {
    await Command.main()
}
await run(Broadcastctl.self)
