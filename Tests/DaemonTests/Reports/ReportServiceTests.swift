@testable import Daemon
import DaemonConfig
import Delivery
import Foundation
import Outbox
@testable import OutboxSQLite
import Testing

/// The report listener on an ephemeral loopback port, driven over real HTTP by
/// the project's libcurl transport, writing to a real SQLite outbox file.
@Suite(.timeLimit(.minutes(1)))
struct ReportServiceTests {
    static let token = "0123456789abcdef0123"

    /// A bound listener (never `run` by a service group here: it is run as a task),
    /// its outbox, a transport and the captured log; all torn down after `body`.
    static func withListener(limits: ReportService.Limits = .init(),
                             _ body: (ReportService, SQLiteOutbox, HTTPTransport, CapturedLog) async throws -> Void) async throws {
        let folder = NSTemporaryDirectory() + "report-service-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteOutbox(stateDirectory: folder, access: .daemon(now: 0))
        let log = CapturedLog()
        let recorder = OptOutRecorder(outbox: store, clock: WallClock(), logger: log.logger)
        let rules = ReportDecision.Rules(keywords: .standard, unsubscribeStatuses: ["kannel-main": ["MK:0008"]])
        let handler = ReportHandler(token: token, rules: rules, recorder: recorder, country: { .china }, logger: log.logger)
        let service = try await ReportService.bind(host: "127.0.0.1", port: 0, limits: limits, logger: log.logger,
                                                   handle: handler.handle)
        let serving = Task { try await service.run() }
        let transport = HTTPTransport()
        do {
            try await body(service, store, transport, log)
        } catch {
            await transport.shutdown()
            serving.cancel()
            await service.close()
            throw error
        }
        await transport.shutdown()
        serving.cancel()
        await service.close()
        _ = await serving.result
    }

    static func url(_ service: ReportService, _ pathAndQuery: String) -> String {
        "http://127.0.0.1:\(service.port)\(pathAndQuery)"
    }

    @Test func aKeywordReplyOverHTTPLandsInTheOptOutTable() async throws {
        try await Self.withListener { service, store, transport, log in
            let request = HTTPRequest(method: .post, url: Self.url(service, "/\(Self.token)/http/mo"),
                                      headers: [("Content-Type", "application/json")],
                                      body: Array(#"{"from":"+8613800000011","text":"退订"}"#.utf8))
            let response = try await transport.send(request, timeout: .seconds(20))
            #expect(response.status == 200)
            let optOuts = try await store.optOuts(limit: 1_000)
            #expect(optOuts.map(\.phone) == ["+8613800000011"])
            #expect(optOuts.map(\.source) == ["reply"])
            #expect(log.all.contains { $0.contains("opted out") && $0.contains("phone=+86138****0011") })
            #expect(!log.all.contains { $0.contains("13800000011") })
        }
    }

    @Test func aKannelDeliveryReportWithTheUnsubscribeStatusOptsOut() async throws {
        try await Self.withListener { service, store, transport, _ in
            let target = "/\(Self.token)/kannel/dlr?gateway=kannel-main&id=msg_1&to=8613800000012&type=2"
                + "&answer=id%3A1+stat%3AUNDELIV+err%3AMK%3A0008"
            let response = try await transport.send(HTTPRequest(method: .get, url: Self.url(service, target)), timeout: .seconds(20))
            #expect(response.status == 200 && response.bodyText == "ok")
            #expect(try await store.optOut("+8613800000012") != nil)
        }
    }

    @Test func jasminGetsItsACKAndAnOrdinaryReplyChangesNothing() async throws {
        try await Self.withListener { service, store, transport, _ in
            let request = HTTPRequest(method: .post, url: Self.url(service, "/\(Self.token)/jasmin/mo"),
                                      headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                      body: Array("from=8613800000013&to=96110&coding=0&content=thanks".utf8))
            let response = try await transport.send(request, timeout: .seconds(20))
            #expect(response.status == 200 && response.bodyText == "ACK/Jasmin")
            #expect(try await store.optOuts(limit: 1_000).isEmpty)
        }
    }

    @Test func aWrongTokenIsA404ThatLogsNeitherTokenNorPath() async throws {
        try await Self.withListener { service, store, transport, log in
            let guess = "0123456789abcdef0124"
            let response = try await transport.send(
                HTTPRequest(method: .get, url: Self.url(service, "/\(guess)/kannel/mo?from=8613800000014&text=TD")),
                timeout: .seconds(20))
            #expect(response.status == 404 && response.bodyText == "not found")
            #expect(try await store.optOuts(limit: 1_000).isEmpty)
            #expect(log.all.contains { $0.contains("refused a report callback") })
            for line in log.all {
                #expect(!line.contains(guess) && !line.contains(Self.token) && !line.contains("13800000014"), "\(line)")
            }
        }
    }

    @Test func anOversizedRequestIsRefusedAndTheListenerKeepsServing() async throws {
        var limits = ReportService.Limits()
        limits.requestBytes = 1024
        try await Self.withListener(limits: limits) { service, store, transport, _ in
            let big = HTTPRequest(method: .post, url: Self.url(service, "/\(Self.token)/http/mo"),
                                  headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                  body: Array(("from=8613800000015&text=TD&pad=" + String(repeating: "x", count: 4096)).utf8))
            let refused = try await transport.send(big, timeout: .seconds(20))
            #expect(refused.status == 413)
            let small = HTTPRequest(method: .get, url: Self.url(service, "/\(Self.token)/kannel/mo?from=8613800000015&text=TD"))
            let accepted = try await transport.send(small, timeout: .seconds(20))
            #expect(accepted.status == 200)
            #expect(try await store.optOuts(limit: 1_000).map(\.phone) == ["+8613800000015"])
        }
    }

    @Test func garbageOverTheWireIsA400() async throws {
        try await Self.withListener { service, _, transport, _ in
            let request = HTTPRequest(method: .post, url: Self.url(service, "/\(Self.token)/http/mo"),
                                      headers: [("Content-Type", "application/json")], body: [0xFF, 0xFE, 0x00, 0x7B])
            let response = try await transport.send(request, timeout: .seconds(20))
            #expect(response.status == 400)
        }
    }

    @Test func aSilentConnectionIsClosedAfterTheIdleTimeout() async throws {
        var limits = ReportService.Limits()
        limits.idleTimeout = .milliseconds(200)
        try await Self.withListener(limits: limits) { service, _, _, _ in
            let silent = try RawConnection(port: service.port)
            #expect(await silent.readUntilClosed() == "", "the listener kept a silent connection open")
        }
    }

    @Test func aConnectionAboveTheLimitTakesThePlaceOfAnIdleOne() async throws {
        var limits = ReportService.Limits()
        limits.connections = 1
        try await Self.withListener(limits: limits) { service, store, _, _ in
            // Two at once: which one the listener takes first is up to its event loops.
            let connections = [try RawConnection(port: service.port), try RawConnection(port: service.port)]
            let refused = try #require(await RawConnection.firstReadable(connections), "neither connection was closed")
            #expect(await connections[refused].readUntilClosed() ?? "" == "", "an evicted connection was answered")
            let served = connections[1 - refused]
            served.send("GET /\(Self.token)/kannel/mo?from=8613800000016&text=TD HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let answer = try #require(await served.readUntilClosed())
            #expect(answer.hasPrefix("HTTP/1.1 200 OK"), "\(answer)")
            #expect(try await store.optOut("+8613800000016") != nil)
        }
    }

    @Test func anOutboxThatCannotWriteAnswers500AndTheListenerGoesOn() async throws {
        try await Self.withListener { service, store, transport, log in
            let optOut = HTTPRequest(method: .get, url: Self.url(service, "/\(Self.token)/kannel/mo?from=8613800000017&text=TD"))
            // What a full disk or a broken database does to the write: SQLite refuses it.
            try await store.perform { try $0.database.execute("PRAGMA query_only = ON") }
            #expect(try await transport.send(optOut, timeout: .seconds(20)).status == 500)
            #expect(log.all.contains { $0.contains("cannot record an opt-out") && $0.contains("phone=+86138****0017") })
            let thanks = HTTPRequest(method: .get, url: Self.url(service, "/\(Self.token)/kannel/mo?from=8613800000018&text=thanks"))
            #expect(try await transport.send(thanks, timeout: .seconds(20)).status == 200, "the listener stopped answering")
            // The gateway calls again once the outbox can be written.
            try await store.perform { try $0.database.execute("PRAGMA query_only = OFF") }
            #expect(try await transport.send(optOut, timeout: .seconds(20)).status == 200)
            #expect(try await store.optOut("+8613800000017") != nil)
        }
    }

    @Test func aFloodOfRefusedCallbacksLogsTheFirstFewThenSumsUpTheRest() async throws {
        var limits = ReportService.Limits()
        limits.refusalLog.summaryInterval = .milliseconds(300)
        // No refill during the flood, however slow a loaded machine makes it (the
        // refill itself is RefusalLimiterTests' to check, on a test clock).
        limits.refusalLog.refill = .hours(1)
        try await Self.withListener(limits: limits) { service, _, transport, log in
            let guess = HTTPRequest(method: .get, url: Self.url(service, "/0123456789abcdef0124/kannel/mo?from=1&text=TD"))
            for _ in 0..<200 {
                let response = try await transport.send(guess, timeout: .seconds(20))
                #expect(response.status == 404)
            }
            let logged = log.all.filter { $0.contains("refused a report callback") }.count
            #expect(logged == limits.refusalLog.burst, "\(logged) lines for 200 refusals")
            // Every refusal not logged on its own is counted in a summary.
            let summed = await Self.poll(until: { $0 == 200 - logged }) {
                log.all.compactMap { line in
                    line.contains("more refused report callbacks") && line.contains("kinds=not found: ")
                        ? line.split(separator: " ").dropFirst().first.flatMap { Int($0) } : nil
                }.reduce(0, +)
            }
            #expect(summed == 200 - logged)
        }
    }

    /// `read` again every 20 ms until `done` says yes or `timeout` passed; its last value.
    static func poll<T>(timeout: Duration = .seconds(5), until done: (T) -> Bool, _ read: () -> T) async -> T {
        let end = ContinuousClock.now + timeout
        var value = read()
        while !done(value), ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(20))
            value = read()
        }
        return value
    }
}
