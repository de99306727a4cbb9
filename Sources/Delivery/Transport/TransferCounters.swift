import Synchronization

/// Written by the transfer loop, read by anyone through `HTTPTransport.statistics`.
final class TransferCounters: Sendable {
    private let transfers = Atomic<Int>(0)
    private let connectionsOpened = Atomic<Int>(0)

    func record(newConnections: Int) {
        transfers.add(1, ordering: .relaxed)
        connectionsOpened.add(newConnections, ordering: .relaxed)
    }

    var snapshot: HTTPTransport.Statistics {
        HTTPTransport.Statistics(
            transfers: transfers.load(ordering: .relaxed),
            connectionsOpened: connectionsOpened.load(ordering: .relaxed)
        )
    }
}
