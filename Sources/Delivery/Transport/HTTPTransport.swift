import CCurl
import Foundation

/// Sends `HTTPRequest`s through libcurl and answers with an `HTTPResponse` or a
/// typed `TransportError`; nothing curl-shaped leaves this type.
///
/// All transfers of one transport run on one dedicated thread over one shared
/// connection cache, so connections are reused (keep-alive, HTTP/2 streams when
/// a TLS peer offers them). Redirects are never followed and TLS peers are
/// always verified, against the request's `caFile` when it names one, else the
/// system's store. Callers wait without blocking a thread.
public final class HTTPTransport: Sendable {
    public struct Configuration: Sendable, Hashable {
        /// Connections open at once across all peers; further transfers queue inside curl.
        public var maxConnections: Int
        public var connectTimeout: Duration
        /// For the whole transfer, when `send` is given none.
        public var defaultTimeout: Duration
        /// Response bodies longer than this are cut and marked `bodyTruncated`.
        public var maxResponseBody: Int
        public var userAgent: String

        public init(
            maxConnections: Int = 64,
            connectTimeout: Duration = .seconds(5),
            defaultTimeout: Duration = .seconds(30),
            maxResponseBody: Int = 64 * 1024,
            userAgent: String = "broadcastd"
        ) {
            self.maxConnections = maxConnections
            self.connectTimeout = connectTimeout
            self.defaultTimeout = defaultTimeout
            self.maxResponseBody = maxResponseBody
            self.userAgent = userAgent
        }
    }

    public let configuration: Configuration
    let inbox: TransferInbox
    private let counters = TransferCounters()

    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    public init(configuration: Configuration = Configuration()) {
        _ = Self.globalInit
        self.configuration = configuration
        let multi = MultiHandle()
        inbox = TransferInbox(waking: multi)
        let thread = Thread { [inbox, counters] in
            TransferLoop(multi: multi, inbox: inbox, configuration: configuration, counters: counters).run()
        }
        thread.name = "broadcastd.transport"
        thread.start()
    }

    deinit {
        inbox.stop()
    }

    /// One attempt: the response, whatever its status, or why there was none.
    /// `timeout` bounds the whole transfer: connecting, sending and reading the answer.
    /// Cancelling the calling task ends the transfer at once (`.other`, "cancelled").
    public func send(_ request: HTTPRequest, timeout: Duration? = nil) async throws(TransportError) -> HTTPResponse {
        let milliseconds = (timeout ?? configuration.defaultTimeout).curlMilliseconds
        let id = inbox.makeID()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let transfer = PendingTransfer(id: id, request: request, timeoutMilliseconds: milliseconds) { _, result in
                    continuation.resume(returning: result)
                }
                guard inbox.submit(contentsOf: CollectionOfOne(transfer)) else {
                    transfer.resume(.failure(TransferLoop.stoppedError))
                    return
                }
                // A cancellation that came before the submit found nothing to cancel; repeat it.
                if Task.isCancelled { inbox.cancel(id) }
            }
        } onCancel: {
            inbox.cancel(id)
        }
        return try result.get()
    }

    /// Fails transfers still in flight, closes every connection and returns once the thread has ended.
    /// Later sends fail at once.
    public func shutdown() async {
        inbox.stop()
        await inbox.waitUntilExited()
    }

    /// Counts since this transport started.
    public var statistics: Statistics { counters.snapshot }

    public struct Statistics: Sendable, Hashable {
        /// Transfers that ended, with a response or an error.
        public var transfers: Int
        /// New connections they opened; far fewer than `transfers` when connections are reused.
        public var connectionsOpened: Int
    }
}
