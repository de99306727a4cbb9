import Daemon

await DaemonCommand.main()
