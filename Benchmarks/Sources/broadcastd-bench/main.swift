import ArgumentParser
import BroadcastdBench

func run<Command: AsyncParsableCommand>(_: Command.Type) async {
    await Command.main()
}
await run(BenchCommand.self)
