import CCurl

/// The body of the transport's one thread: takes transfers from the inbox,
/// runs them on the multi handle, and resumes each caller when its transfer
/// ends or is cancelled. Easy handles are pooled, so a steady load allocates none.
final class TransferLoop {
    private typealias Running = (handle: EasyHandle, transfer: PendingTransfer)

    private let multi: MultiHandle
    private let inbox: TransferInbox
    private let configuration: HTTPTransport.Configuration
    private let counters: TransferCounters
    private var active: [UnsafeMutableRawPointer: Running] = [:]
    private var activeByID: [UInt64: UnsafeMutableRawPointer] = [:]
    /// Handles waiting for reuse, by the CA file they trust (nil: the system's store).
    private var idle: [String?: [EasyHandle]] = [:]
    private var idleCount = 0
    private var finished: [UInt64] = []

    static let stoppedError = TransportError(.other, "transport shut down")
    static let cancelledError = TransportError(.other, "cancelled")

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
            // Looked at every turn, not only after a wake-up: a lock costs less than a lost
            // wake-up would, and the wait's bound then really is the worst case.
            let work = inbox.takeAll()
            if work.stopping {
                work.transfers.forEach { $0.resume(.failure(Self.stoppedError)) }
                break
            }
            work.transfers.forEach(start)
            work.cancellations.forEach(cancel)
            // curl's own timer (a zero one after each `add`) ends the wait sooner than the bound.
            multi.wait(timeoutMilliseconds: 1000)
            multi.forEachCompleted(complete)
            if !finished.isEmpty {
                inbox.markFinished(finished)
                finished.removeAll(keepingCapacity: true)
            }
        }
        for raw in Array(active.keys) {
            end(raw)?.transfer.resume(.failure(Self.stoppedError))
        }
        idle = [:]
        inbox.markExited().forEach { $0.resume(.failure(Self.stoppedError)) }
    }

    private func start(_ transfer: PendingTransfer) {
        let handle: EasyHandle
        do throws(TransportError) {
            if let reused = idle[transfer.request.caFile]?.popLast() {
                idleCount -= 1
                handle = reused
            } else {
                handle = try makeHandle(caFile: transfer.request.caFile)
            }
        } catch {
            finished.append(transfer.id)
            transfer.resume(.failure(error))
            return
        }
        do throws(TransportError) {
            try handle.prepare(for: transfer.request, timeoutMilliseconds: transfer.timeoutMilliseconds)
            try multi.add(handle)
            active[handle.raw] = (handle, transfer)
            activeByID[transfer.id] = handle.raw
        } catch {
            recycle(handle)
            finished.append(transfer.id)
            transfer.resume(.failure(error))
        }
    }

    private func complete(_ raw: UnsafeMutableRawPointer, _ code: CURLcode) {
        guard let (handle, transfer) = end(raw) else { return }
        let result = handle.finish(code, url: transfer.request.url)
        counters.record(newConnections: handle.newConnections)
        recycle(handle)
        transfer.resume(result)
    }

    private func cancel(_ id: UInt64) {
        guard let raw = activeByID[id], let (handle, transfer) = end(raw) else { return }
        _ = handle.received.take()
        recycle(handle)
        transfer.resume(.failure(Self.cancelledError))
    }

    /// Takes a running transfer off the multi handle; nil if it already ended.
    private func end(_ raw: UnsafeMutableRawPointer) -> Running? {
        guard let running = active.removeValue(forKey: raw) else { return nil }
        activeByID[running.transfer.id] = nil
        multi.remove(running.handle)
        finished.append(running.transfer.id)
        return running
    }

    private func recycle(_ handle: EasyHandle) {
        guard idleCount < configuration.maxConnections else { return }
        idle[handle.caFile, default: []].append(handle)
        idleCount += 1
    }

    private func makeHandle(caFile: String?) throws(TransportError) -> EasyHandle {
        let handle = try EasyHandle(maxResponseBody: configuration.maxResponseBody)
        try handle.applyFixedOptions(configuration, caFile: caFile)
        return handle
    }
}
