import Foundation

// The daemon's services arrive with the outbox; until then it says so rather than pretend.
FileHandle.standardError.write(Data("broadcastd: the daemon is not built yet; use `broadcastctl plan`\n".utf8))
exit(1)
