import Foundation
import NIOCore
import NIOHTTP1

/// Connections wrapped for async use whose serving has not begun. An
/// `NIOAsyncChannel` made with `wrappingChannelSynchronously` must have its
/// writer finished before it is released, or NIO stops the process
/// (`Deinited NIOAsyncWriter without calling finish()`). A connection accepted
/// just as the listener closes (a graceful stop, a test's teardown, a slow
/// sender reconnecting) can be dropped from the accept sequence unserved, so
/// each one is held here from its wrapping until `serve` takes it, and whatever
/// is left at close, or when the listener goes away, is finished and closed.
final class UnservedConnections: @unchecked Sendable {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    private let lock = NSLock()
    private var waiting: [ObjectIdentifier: Connection] = [:]

    func hold(_ connection: Connection) {
        lock.withLock { waiting[ObjectIdentifier(connection.channel)] = connection }
    }

    /// Called as serving begins; `executeThenClose` finishes it from then on.
    func take(_ connection: Connection) {
        _ = lock.withLock { waiting.removeValue(forKey: ObjectIdentifier(connection.channel)) }
    }

    /// Finishes and closes every connection never served.
    func finishAll() {
        let left = lock.withLock { () -> [Connection] in
            defer { waiting.removeAll() }
            return Array(waiting.values)
        }
        for connection in left {
            connection.outbound.finish()
            connection.channel.close(promise: nil)
        }
    }

    deinit { finishAll() }
}
