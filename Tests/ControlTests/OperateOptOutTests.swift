import Foundation
import Outbox
@testable import OutboxSQLite
import Testing
@testable import Control

/// `optout add|remove|list` on the outbox's opt-out table, and that the next
/// lease honours it.
struct OperateOptOutTests {
    let fixture: OperateFixture
    let now = OperateFixture.launch
    var outbox: OutboxConnection { fixture.outbox }

    init() throws {
        fixture = try OperateFixture()
    }

    @Test func addedNumbersAreSkippedAtTheNextLease() async throws {
        try fixture.enqueueCampaign()
        let outcome = try await OptOuts.add(["13800000100", "+86 138 0000 0101"], in: try fixture.backend, now: now)
        #expect(outcome == .success("opted out +86138****0100: it gets no more SMS\nopted out +86138****0101: it gets no more SMS"))
        #expect(try outbox.isOptedOut("+8613800000100"))
        let leased = try fixture.lease(at: now, channel: "sms")
        #expect(leased.count == 18)
        #expect(!leased.contains { $0.recipient == "+8613800000100" || $0.recipient == "+8613800000101" })
    }

    @Test func addingTwiceKeepsTheFirstSource() async throws {
        try outbox.addOptOut("+8613800000100", source: OptOut.fileSource, now: 0)
        #expect(try await OptOuts.add(["+8613800000100"], in: try fixture.backend, now: now)
            == .success("+86138****0100 was already opted out (source: file)"))
    }

    @Test func removeSaysWhenTheFileWouldBringItBack() async throws {
        try outbox.addOptOut("+8613800000100", source: OptOut.fileSource, now: 0)
        try outbox.addOptOut("+8613800000101", source: OptOut.commandSource, now: 0)
        let outcome = try await OptOuts.remove(["13800000100", "13800000101"], in: try fixture.backend)
        #expect(outcome == .success("removed +86138****0100 from the opt-outs; it comes from the campaign's optout file: "
            + "remove it there too, or the next reload adds it back\nremoved +86138****0101 from the opt-outs"))
        #expect(try outbox.optOutCount() == 0)
        #expect(try await OptOuts.remove(["13800000100"], in: try fixture.backend) == .failure("+86138****0100 is not opted out"))
    }

    @Test func listMasksUnlessAskedAndChecksOneNumber() async throws {
        try outbox.addOptOut("+8613800000100", source: OptOut.commandSource, now: now)
        try outbox.addOptOut("+8613800000101", source: OptOut.reportSource, now: now + 60)
        let masked = try await OptOuts.list(in: try fixture.backend, limit: 1, showNumbers: false, json: false, display: OperateFixture.shanghai)
        #expect(masked.text == "PHONE           SOURCE  ADDED\n+86138****0101  report  2021-02-09 20:01:00 +08:00\n… 1 more (--limit)")
        let json = try await OptOuts.list(in: try fixture.backend, limit: 10, showNumbers: true, json: true, display: OperateFixture.shanghai)
        let listing = try JSONDecoder().decode(OptOuts.Listing.self, from: Data(json.text.utf8))
        #expect(listing.total == 2 && listing.entries.map(\.phone) == ["+8613800000101", "+8613800000100"])
        #expect(try await OptOuts.check("13800000100", in: try fixture.backend, display: OperateFixture.shanghai)
            == .success("+86138****0100 is opted out (source: command, since 2021-02-09 20:00:00 +08:00)"))
        #expect(try await OptOuts.check("13800000199", in: try fixture.backend, display: OperateFixture.shanghai).exitCode == 1)
    }

    @Test func anEmptyListSaysSo() async throws {
        #expect(try await OptOuts.list(in: try fixture.backend, limit: 10, showNumbers: false, json: false, display: OperateFixture.shanghai)
            == .success("no opt-outs"))
    }
}
