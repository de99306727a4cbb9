import Foundation

/// What a test SMSC (Kannel's fakesmsc, scripts/fake-smsc) printed, turned into
/// messages a test can await: `parse` picks the message lines, `isConnection` the
/// line that says a gateway connected. A waiter is registered under the same lock
/// that checks for messages, so none is missed.
public final class ReceivedMessages<Message: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private let parse: @Sendable (Substring) -> Message?
    private let isConnection: @Sendable (Substring) -> Bool
    private var buffer = ""
    private var connected = false
    private var messages: [Message] = []
    private var messageWaiters: [UUID: CheckedContinuation<Message?, Never>] = [:]
    private var connectionWaiters: [UUID: CheckedContinuation<Bool, Never>] = [:]

    public init(parse: @escaping @Sendable (Substring) -> Message?, isConnection: @escaping @Sendable (Substring) -> Bool) {
        self.parse = parse
        self.isConnection = isConnection
    }

    public func consume(_ data: Data) {
        lock.lock()
        buffer += String(decoding: data, as: UTF8.self)
        while let newline = buffer.firstIndex(of: "\n") {
            let line = buffer[..<newline]
            if isConnection(line) { connected = true }
            if let message = parse(line) { messages.append(message) }
            buffer.removeSubrange(...newline)
        }
        var resumptions: [() -> Void] = []
        while !messages.isEmpty, let (id, waiter) = messageWaiters.first {
            messageWaiters[id] = nil
            let message = messages.removeFirst()
            resumptions.append { waiter.resume(returning: message) }
        }
        if connected {
            resumptions += connectionWaiters.values.map { waiter in { waiter.resume(returning: true) } }
            connectionWaiters.removeAll()
        }
        lock.unlock()
        resumptions.forEach { $0() }
    }

    public func waitForConnection() async throws {
        let id = UUID()
        let isConnected = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let alreadyConnected = lock.withLock {
                if connected { return true }
                connectionWaiters[id] = continuation
                return false
            }
            if alreadyConnected { continuation.resume(returning: true); return }
            Task {
                try? await Task.sleep(for: .seconds(15))
                self.lock.withLock { self.connectionWaiters.removeValue(forKey: id) }?.resume(returning: false)
            }
        }
        if !isConnected { throw POSIXError(.ETIMEDOUT) }
    }

    public func next(timeout: Duration) async -> Message? {
        let id = UUID()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Message?, Never>) in
            let ready: Message? = lock.withLock {
                if !messages.isEmpty { return messages.removeFirst() }
                messageWaiters[id] = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready); return }
            Task {
                try? await Task.sleep(for: timeout)
                self.lock.withLock { self.messageWaiters.removeValue(forKey: id) }?.resume(returning: nil)
            }
        }
    }
}
