import ArgumentParser
import Daemon

// Called through a generic function so the async `main()` is chosen over the
// synchronous one ArgumentParser also offers.
func run<Command: AsyncParsableCommand>(_: Command.Type) async {
    await Command.main()
}
await run(DaemonCommand.self)
