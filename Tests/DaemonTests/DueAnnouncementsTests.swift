@testable import Daemon
import CivilDate
import Plan
import Testing

/// A burst of one-off messages is announced by the first few and one count, so
/// the journal keeps room for what else happens in that second.
struct DueAnnouncementsTests {
    func occurrences(_ count: Int, from instant: Int64 = 1_614_564_000) -> [Occurrence] {
        (0..<count).map { index in
            let local = LocalDateTime(date: LocalDate(dayNumber: Int(instant / 86_400)), time: LocalTime(hour: 10, minute: 0)!)
            return Occurrence(message: "m\(index)", local: local, instant: instant, utcOffset: 0)
        }
    }

    @Test func theFirstOnesAreNamedAndTheRestCountedInOneLine() {
        let log = CapturedLog()
        var announcements = DueAnnouncements(campaign: "spring", limit: 3)
        let due = occurrences(10)
        announcements.announce(Array(due.prefix(4)), news: true, log.logger)
        announcements.announce(Array(due.dropFirst(4)), news: true, log.logger)
        announcements.finish(log.logger)
        #expect(log.all.filter { $0.hasPrefix("info occurrence due") }.count == 3)
        #expect(log.all.filter { $0.contains("message=m2") }.count == 1)
        #expect(!log.all.contains { $0.contains("message=m3") })
        let more = log.all.filter { $0.hasPrefix("info more occurrences due") }
        #expect(more.count == 1)
        #expect(more.first?.contains("count=7") == true)
        #expect(more.first?.contains("through=\(due[9].iso8601)") == true)
        #expect(log.all.count == 4)
    }

    @Test func fewerThanTheLimitLeaveNoCountLine() {
        let log = CapturedLog()
        var announcements = DueAnnouncements(campaign: "spring", limit: 20)
        announcements.announce(occurrences(5), news: true, log.logger)
        announcements.finish(log.logger)
        #expect(log.all.count == 5)
        #expect(log.all.allSatisfy { $0.hasPrefix("info occurrence due") })
    }

    /// A restart offers what the outbox already has: said at debug level only, counted likewise.
    @Test func occurrencesAlreadyInTheOutboxAreDebugLines() {
        let log = CapturedLog()
        var announcements = DueAnnouncements(campaign: "spring", limit: 2)
        announcements.announce(occurrences(4), news: false, log.logger)
        announcements.finish(log.logger)
        #expect(log.all.filter { $0.hasPrefix("debug occurrence due, already in the outbox") }.count == 2)
        #expect(log.all.filter { $0.hasPrefix("debug more occurrences due, already in the outbox") && $0.contains("count=2") }.count == 1)
        #expect(!log.all.contains { $0.hasPrefix("info") })
    }
}
