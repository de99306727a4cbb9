import CCurl

/// The body of the transport's one thread: takes transfers from the inbox,
/// runs them on the multi handle, and resumes each caller when its transfer ends.
/// Easy handles are pooled, so a steady load allocates none.
final class TransferLoop {
    private let multi: MultiHandle
    private let inbox: TransferInbox
    private let configuration: HTTPTransport.Configuration
    private let counters: TransferCounters
    private var active: [UnsafeMutableRawPointer: (handle: EasyHandle, transfer: PendingTransfer)] = [:]
    private var idle: [EasyHandle] = []

    init(multi: MultiHandle, inbox: TransferInbox, configuration: HTTPTransport.Configuration, counters: TransferCounters) {
        self.multi = multi
        self.inbox = inbox
        self.configuration = configuration
        self.counters = counters
        multi.set(maxTotalConnections: configuration.maxConnections)
        multi.set(connectionCacheSize: configuration.maxConnections)
        multi.setMultiplexing()
    }

    func run() {
        while true {
            let (incoming, stopping) = inbox.takeAll()
            if stopping {
                incoming.forEach { $0.resume(.failure(Self.stoppedError)) }
                break
            }
            incoming.forEach(start)
            multi.perform()
            multi.forEachCompleted(complete)
            // The bound only matters if a wakeup were lost; curl's own timers end the poll sooner.
            multi.poll(timeoutMilliseconds: 1000)
        }
        for (handle, transfer) in active.values {
            multi.remove(handle)
            transfer.resume(.failure(Self.stoppedError))
        }
        active = [:]
        idle = []
        inbox.markExited().forEach { $0.resume(.failure(Self.stoppedError)) }
    }

    static let stoppedError = TransportError(.other, "transport shut down")

    private func start(_ transfer: PendingTransfer) {
        let handle: EasyHandle
        do throws(TransportError) {
            if let reused = idle.popLast() { handle = reused } else { handle = try makeHandle() }
        } catch {
            transfer.resume(.failure(error))
            return
        }
        do throws(TransportError) {
            try handle.prepare(for: transfer.request, timeoutMilliseconds: transfer.timeoutMilliseconds)
            try multi.add(handle)
            active[handle.raw] = (handle, transfer)
        } catch {
            idle.append(handle)
            transfer.resume(.failure(error))
        }
    }

    private func complete(_ raw: UnsafeMutableRawPointer, _ code: CURLcode) {
        guard let (handle, transfer) = active.removeValue(forKey: raw) else { return }
        multi.remove(handle)
        let result = handle.finish(code, url: transfer.request.url)
        counters.record(newConnections: handle.newConnections)
        if idle.count < configuration.maxConnections { idle.append(handle) }
        transfer.resume(result)
    }

    private func makeHandle() throws(TransportError) -> EasyHandle {
        let handle = try EasyHandle(maxResponseBody: configuration.maxResponseBody)
        try handle.applyFixedOptions(configuration)
        return handle
    }
}
