@testable import Daemon
import Delivery
import Foundation
@testable import OutboxSQLite
import Testing

/// Slow senders (slowloris) against the real listener on loopback: they must not
/// hold its connections, and a request has a deadline however its bytes trickle in.
@Suite(.timeLimit(.minutes(1)))
struct SlowConnectionTests {
    static let token = ReportServiceTests.token
    /// A valid request line and a header that never ends: each byte is fine, the request never completes.
    static let endlessHead = "GET /\(token)/kannel/mo?from=8613800000090&text=TD HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
        + String(repeating: "a", count: 400)

    static func optOutReply(_ service: ReportService, from phone: String) -> HTTPRequest {
        HTTPRequest(method: .post, url: ReportServiceTests.url(service, "/\(token)/http/mo"),
                    headers: [("Content-Type", "application/json")],
                    body: Array(#"{"from":"\#(phone)","text":"退订"}"#.utf8))
    }

    @Test func realCallbacksAreAnsweredWhileAHundredSlowConnectionsAreOpen() async throws {
        // Production limits: the slow ones are not cut by a short deadline here.
        let limits = ReportService.Limits()
        try await ReportServiceTests.withListener(limits: limits) { service, store, transport, _ in
            let slow = try await RawConnection.open(100, port: service.port)
            let dribbling = Task { await RawConnection.dribble(Self.endlessHead, to: slow, every: .seconds(1)) }
            defer { dribbling.cancel() }
            // The listener keeps `limits.connections` of them; wait until it has dealt with the rest.
            let closed = await RawConnection.closedCount(slow, reaching: 100 - limits.connections)
            #expect(closed == 100 - limits.connections, "the listener should hold exactly its limit of slow connections")

            let phones = (10..<20).map { "+86138000001\($0)" }
            let started = ContinuousClock.now
            for phone in phones {
                let response = try await transport.send(Self.optOutReply(service, from: phone), timeout: .seconds(8))
                #expect(response.status == 200, "a real 退订 was not answered while slow connections were open")
            }
            // Under the 10 s request deadline: answered while the slow ones still hold
            // their slots, not after they timed out (with room for a loaded machine).
            #expect(ContinuousClock.now - started < .seconds(9))
            let recorded = try await store.optOuts(limit: 1_000).map(\.phone)
            #expect(Set(recorded) == Set(phones))
            // The slow senders did not win either way: most of them are still held, none was answered.
            let stillOpen = slow.count - (await RawConnection.closedCount(slow, reaching: slow.count, timeoutMilliseconds: 0))
            #expect(stillOpen >= limits.connections - phones.count)
        }
    }

    @Test func realCallbacksAreAnsweredWhileAHundredSlowSendersKeepComingBack() async throws {
        let limits = ReportService.Limits()
        try await ReportServiceTests.withListener(limits: limits) { service, store, transport, _ in
            let swarm = try await SlowSwarm(100, port: service.port, text: Self.endlessHead)
            let attacking = Task { await swarm.run() }
            defer { attacking.cancel() }
            // The swarm has found out that the listener keeps only some of it, and comes back.
            let reopened = await ReportServiceTests.poll(until: { $0 >= 100 - limits.connections }) { swarm.reopened }
            #expect(reopened >= 100 - limits.connections)

            let phones = (20..<30).map { "+86138000001\($0)" }
            let started = ContinuousClock.now
            for phone in phones {
                let response = try await transport.send(Self.optOutReply(service, from: phone), timeout: .seconds(8))
                #expect(response.status == 200, "a real 退订 was not answered while slow senders kept coming back")
            }
            // Under the 10 s request deadline: answered while the slow ones still hold
            // their slots, not after they timed out (with room for a loaded machine).
            #expect(ContinuousClock.now - started < .seconds(9))
            let recorded = try await store.optOuts(limit: 1_000).map(\.phone)
            #expect(Set(recorded) == Set(phones))
        }
    }

    @Test func theRequestDeadlineEndsADribblingRequestWhoseBytesBeatTheIdleTimeout() async throws {
        var limits = ReportService.Limits()
        limits.idleTimeout = .seconds(1)
        limits.requestTimeout = .milliseconds(1500)
        try await ReportServiceTests.withListener(limits: limits) { service, _, _, _ in
            let slow = try RawConnection(port: service.port, readTimeoutSeconds: 8)
            // The request's first bytes now (its deadline starts), then a header byte every 150 ms.
            let (requestLine, rest) = (Self.endlessHead.prefix(60), String(Self.endlessHead.dropFirst(60)))
            slow.send(String(requestLine))
            let started = ContinuousClock.now
            let dribbling = Task { await RawConnection.dribble(rest, to: [slow], every: .milliseconds(150)) }
            defer { dribbling.cancel() }
            let answer = await slow.readUntilClosed()
            let elapsed = ContinuousClock.now - started
            #expect(answer?.hasPrefix("HTTP/1.1 408 Request Timeout") == true, "\(answer ?? "still open after 8 s")")
            #expect(elapsed >= .milliseconds(1400) && elapsed < .seconds(4), "closed after \(elapsed)")
        }
    }

    @Test func aHeadLargerThanTheLimitIsRefusedBeforeItEnds() async throws {
        var limits = ReportService.Limits()
        limits.headerBytes = 1024
        try await ReportServiceTests.withListener(limits: limits) { service, _, transport, _ in
            let large = try RawConnection(port: service.port, readTimeoutSeconds: 8)
            large.send("GET /\(Self.token)/kannel/mo?from=8613800000091&text=TD HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            for _ in 0..<8 { large.send("X-Pad: " + String(repeating: "b", count: 500) + "\r\n") }
            let answer = await large.readUntilClosed()
            #expect(answer?.hasPrefix("HTTP/1.1 431") == true, "\(answer ?? "still open after 8 s")")
            let response = try await transport.send(Self.optOutReply(service, from: "+8613800000092"), timeout: .seconds(20))
            #expect(response.status == 200)
        }
    }
}
