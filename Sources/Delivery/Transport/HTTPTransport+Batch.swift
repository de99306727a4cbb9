extension HTTPTransport {
    /// Names one transfer started by `start(_:timeout:ended:)`, to cancel it or match its end.
    public struct TransferID: Hashable, Sendable {
        let raw: UInt64
    }

    /// Starts every request at once, without a task or a suspension per request:
    /// a sender of thousands a second pays one lock and one wake-up of the
    /// transfer thread per batch instead. Each transfer's end is reported through
    /// `ended`, exactly once, on the transfer thread (or on the caller's, at once,
    /// when the transport has stopped): it must only hand the result on, never
    /// block. Returns the ids in the order of `requests`; `ended` may run for an
    /// id before this returns.
    public func start(_ requests: [HTTPRequest], timeout: Duration? = nil,
                      ended: @escaping @Sendable (TransferID, Result<HTTPResponse, TransportError>) -> Void) -> [TransferID] {
        let milliseconds = (timeout ?? configuration.defaultTimeout).curlMilliseconds
        let transfers = requests.map { request in
            PendingTransfer(id: inbox.makeID(), request: request, timeoutMilliseconds: milliseconds, ended: ended)
        }
        if !inbox.submit(contentsOf: transfers) {
            transfers.forEach { $0.resume(.failure(TransferLoop.stoppedError)) }
        }
        return transfers.map { TransferID(raw: $0.id) }
    }

    /// Ends started transfers early; each still reports through its `ended`
    /// (`.other`, "cancelled") unless it had ended already.
    public func cancel(_ transfers: [TransferID]) {
        for transfer in transfers { inbox.cancel(transfer.raw) }
    }
}
