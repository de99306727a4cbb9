import CCurl
@testable import Delivery
import Glibc
import Testing

/// The (CURLcode, errno) → kind table, which callers' verdicts depend on.
struct TransportErrorMappingTests {
    @Test(arguments: [
        (CURLE_COULDNT_CONNECT, ECONNREFUSED, TransportError.Kind.connectionRefused),
        (CURLE_COULDNT_CONNECT, EHOSTUNREACH, .connectionRefused),
        (CURLE_COULDNT_CONNECT, ETIMEDOUT, .timedOut),
        (CURLE_OPERATION_TIMEDOUT, 0, .timedOut),
        (CURLE_RECV_ERROR, ECONNRESET, .connectionReset),
        (CURLE_SEND_ERROR, EPIPE, .connectionReset),
        (CURLE_GOT_NOTHING, 0, .connectionReset),
        (CURLE_PARTIAL_FILE, 0, .connectionReset),
        (CURLE_COULDNT_RESOLVE_HOST, 0, .dnsFailure),
        (CURLE_PEER_FAILED_VERIFICATION, 0, .tls),
        (CURLE_SSL_CONNECT_ERROR, 0, .tls),
        (CURLE_SSL_CACERT_BADFILE, 0, .tls),
        (CURLE_WEIRD_SERVER_REPLY, 0, .malformedResponse),
        (CURLE_URL_MALFORMAT, 0, .invalidRequest),
        (CURLE_UNSUPPORTED_PROTOCOL, 0, .invalidRequest),
        (CURLE_OUT_OF_MEMORY, 0, .other),
    ])
    func kindFollowsCodeAndErrno(code: CURLcode, osErrno: Int32, kind: TransportError.Kind) {
        #expect(TransportError.kind(curlCode: code, osErrno: osErrno) == kind)
    }

    @Test func messageIsTheErrorBufferElseCurlsDescription() {
        let buffered = TransportError(curlCode: CURLE_COULDNT_CONNECT, osErrno: ECONNREFUSED, errorBuffer: "Failed to connect to 127.0.0.1 port 9", url: "http://127.0.0.1:9/")
        #expect(buffered.message == "Failed to connect to 127.0.0.1 port 9")
        let plain = TransportError(curlCode: CURLE_OPERATION_TIMEDOUT, osErrno: 0, errorBuffer: nil, url: "http://127.0.0.1:9/")
        #expect(plain.message == "Timeout was reached")
    }
}
