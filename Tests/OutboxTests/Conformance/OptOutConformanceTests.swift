import Outbox
import Testing

/// `OptOutOutbox`: adding and removing numbers, a file's own entries, and
/// webhook endpoints that no opt-out reaches.
struct OptOutConformanceTests {
    let now = Campaign.launch
    let phones = Campaign.phones

    @Test(arguments: OutboxBackends.all)
    func addRemoveAndList(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        #expect(try await outbox.addOptOut(phones[0], source: OptOut.commandSource, now: now))
        #expect(try await !outbox.addOptOut(phones[0], source: OptOut.reportSource, now: now + 1))
        #expect(try await outbox.optOuts(limit: 100) == [OptOut(phone: phones[0], source: "command", addedAt: now)])
        #expect(try await outbox.optOut(phones[0]) != nil)
        #expect(try await outbox.optOutCount() == 1)
        #expect(try await outbox.removeOptOut(phones[0]))
        #expect(try await !outbox.removeOptOut(phones[0]))
        #expect(try await outbox.optOut(phones[0]) == nil)
    }

    @Test(arguments: OutboxBackends.all)
    func reloadingTheFileReplacesOnlyItsOwnEntries(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        _ = try await outbox.addOptOut(phones[2], source: OptOut.reportSource, now: now)
        #expect(try await outbox.replaceOptOuts(from: OptOut.fileSource, with: [phones[0], phones[1]], now: now, removing: true) == (2, 0))
        #expect(try await outbox.replaceOptOuts(from: OptOut.fileSource, with: [phones[1], phones[2]], now: now + 1, removing: true) == (0, 1))
        let entries = try await outbox.optOuts(limit: 100).map { "\($0.phone) \($0.source)" }.sorted()
        #expect(entries == ["\(phones[1]) file", "\(phones[2]) report"])
    }

    @Test(arguments: OutboxBackends.all)
    func webhookEndpointsAreNeverOptedOut(_ backend: BackendFactory) async throws {
        let outbox = try await Subject(backend).outbox
        _ = try await outbox.addOptOut("wecom-nanchang", source: OptOut.commandSource, now: 0)
        _ = try await outbox.enqueue([StatusConformanceTests.webhook()], now: 0)
        #expect(try await StatusConformanceTests.leaseWebhook(outbox).count == 1)
    }
}
