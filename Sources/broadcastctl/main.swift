import Control

await Broadcastctl.main()
