import Outbox
import Testing
@testable import Control

/// `rehearse`'s default latency per destination: the median of what the outbox recorded.
struct MeasuredLatencyTests {
    private func entry(_ destination: String, _ milliseconds: Int64?, id: Int64) -> LogEntry {
        LogEntry(id: id, key: DeliveryKey(campaign: "c", message: "m", occurrence: 0, region: "r", channel: "sms",
                                          recipient: "+8613800000000"),
                 destination: destination, at: id, outcome: .delivered, httpStatus: 202,
                 latencyMilliseconds: milliseconds, reason: nil, gatewayMessageID: nil)
    }

    @Test func eachDestinationGetsTheMedianOfItsAttemptsAndTooFewSamplesGetNone() {
        var entries: [LogEntry] = []
        // kannel: 21 samples 10…210 ms, median 110 ms; one attempt without an answer is not a sample.
        for index in 0..<21 { entries.append(entry("kannel", Int64(10 + 10 * index), id: Int64(index))) }
        entries.append(entry("kannel", nil, id: 99))
        // jasmin: 20 samples, an even count: the mean of the middle two (40 and 60 ms).
        for index in 0..<20 { entries.append(entry("jasmin", index < 10 ? 40 : 60, id: Int64(100 + index))) }
        // a webhook with 19 samples keeps the assumed latency.
        for index in 0..<19 { entries.append(entry("hook", 900, id: Int64(200 + index))) }
        let medians = MeasuredLatency.medians(entries)
        #expect(medians == ["kannel": 0.110, "jasmin": 0.050])
    }
}
