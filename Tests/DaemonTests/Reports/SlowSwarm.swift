import Foundation

/// Slow senders that come back as soon as the listener closes one of theirs, so
/// that `count` of them are always open or opening: each dribbles `text` a byte
/// per `byteInterval` from its own start.
final class SlowSwarm: @unchecked Sendable {
    private let lock = NSLock()
    private let port: Int
    private let text: [UInt8]
    private var members: [(connection: RawConnection, sent: Int)]
    private var reopenedCount = 0

    init(_ count: Int, port: Int, text: String) async throws {
        self.port = port
        self.text = Array(text.utf8)
        members = try await RawConnection.open(count, port: port).map { ($0, 0) }
    }

    /// How many connections the listener closed and the swarm opened again.
    var reopened: Int { lock.withLock { reopenedCount } }

    /// Every `tick`, reopens what was closed; a byte goes out every `byteEvery` ticks. Until cancelled.
    func run(tick: Duration = .milliseconds(250), byteEvery: Int = 4) async {
        var ticks = 0
        while !Task.isCancelled {
            let sendNow = ticks % byteEvery == 0
            await RawConnection.offThePool { self.step(sendingAByte: sendNow) }
            ticks += 1
            do { try await Task.sleep(for: tick) } catch { return }
        }
    }

    private func step(sendingAByte: Bool) {
        lock.withLock {
            for index in members.indices {
                if members[index].connection.hasEnded, let fresh = try? RawConnection(port: port) {
                    members[index] = (fresh, 0)
                    reopenedCount += 1
                }
                if sendingAByte, members[index].sent < text.count {
                    members[index].connection.send(bytes: [text[members[index].sent]])
                    members[index].sent += 1
                }
            }
        }
    }
}
