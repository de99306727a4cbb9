@testable import Delivery
import Testing

/// Header parsing and the body cap, fed exactly as curl's callbacks feed them.
struct TransportResponseAccumulatorTests {
    private func feedHeaders(_ lines: [String], into accumulator: inout ResponseAccumulator) {
        for line in lines {
            Array(line.utf8).withUnsafeBytes { accumulator.appendHeaderLine($0) }
        }
    }

    private func feedBody(_ bytes: [UInt8], into accumulator: inout ResponseAccumulator) -> Int {
        bytes.withUnsafeBytes { accumulator.appendBody($0) }
    }

    @Test func headersAreLowerCasedTrimmedAndRepeatsJoined() {
        var accumulator = ResponseAccumulator(bodyCap: 100)
        feedHeaders([
            "HTTP/1.1 503 Service Unavailable\r\n",
            "Retry-After:  120 \r\n",
            "Set-Cookie: a=1\r\n",
            "set-cookie: b=2\r\n",
            "X-Empty:\r\n",
            "not a header line\r\n",
            "\r\n",
        ], into: &accumulator)
        let taken = accumulator.take()
        #expect(taken.headers == ["retry-after": "120", "set-cookie": "a=1, b=2", "x-empty": ""])
    }

    @Test func onlyTheLastHeaderBlockCounts() {
        var accumulator = ResponseAccumulator(bodyCap: 100)
        feedHeaders(["HTTP/1.1 100 Continue\r\n", "X-Interim: yes\r\n", "\r\n", "HTTP/1.1 200 OK\r\n", "Content-Type: text/plain\r\n"], into: &accumulator)
        #expect(accumulator.take().headers == ["content-type": "text/plain"])
    }

    @Test func bodyPastTheCapAbortsAndKeepsExactlyTheCap() {
        var accumulator = ResponseAccumulator(bodyCap: 10)
        #expect(feedBody(Array(repeating: 1, count: 6), into: &accumulator) == 6)
        #expect(feedBody(Array(repeating: 2, count: 6), into: &accumulator) == 0)
        let taken = accumulator.take()
        #expect(taken.body == Array(repeating: 1, count: 6) + Array(repeating: 2, count: 4))
        #expect(taken.truncated)
    }

    @Test func bodyExactlyAtTheCapIsKept() {
        var accumulator = ResponseAccumulator(bodyCap: 10)
        #expect(feedBody(Array(repeating: 1, count: 10), into: &accumulator) == 10)
        #expect(!accumulator.take().truncated)
    }

    @Test func headersPastTheirCapAreDropped() {
        var accumulator = ResponseAccumulator(bodyCap: 10)
        let filler = "X-Filler: " + String(repeating: "f", count: 1000) + "\r\n"
        feedHeaders(Array(repeating: filler, count: 100) + ["X-Late: 1\r\n"], into: &accumulator)
        let headers = accumulator.take().headers
        #expect(headers["x-late"] == nil)
        #expect(headers["x-filler"] != nil)
    }

    @Test func takeLeavesItEmptyForTheNextTransfer() {
        var accumulator = ResponseAccumulator(bodyCap: 10)
        feedHeaders(["A: 1\r\n"], into: &accumulator)
        _ = feedBody([1, 2, 3], into: &accumulator)
        _ = accumulator.take()
        let next = accumulator.take()
        #expect(next.headers.isEmpty && next.body.isEmpty && !next.truncated)
    }
}
