import Logging
import Plan

/// The scheduler's `occurrence due` lines for one step: each occurrence up to a
/// limit, then one line saying how many more and through which. An occurrence
/// the outbox already had (a restart within the catch-up window) is said at
/// debug level only, under the same limit.
struct DueAnnouncements {
    let campaign: String
    let limit: Int
    private var said = 0
    private var unsaid = 0
    private var unsaidNews = false
    private var last: Occurrence?

    init(campaign: String, limit: Int) {
        self.campaign = campaign
        self.limit = limit
    }

    mutating func announce(_ occurrences: [Occurrence], news: Bool, _ logger: Logger) {
        for occurrence in occurrences {
            guard said < limit else {
                unsaid += 1
                unsaidNews = unsaidNews || news
                last = occurrence
                continue
            }
            said += 1
            let metadata: Logger.Metadata = ["campaign": "\(campaign)", "message": "\(occurrence.message)", "time": "\(occurrence.iso8601)"]
            if news {
                logger.info("occurrence due", metadata: metadata)
            } else {
                logger.debug("occurrence due, already in the outbox", metadata: metadata)
            }
        }
    }

    /// The line for those past the limit, if any.
    func finish(_ logger: Logger) {
        guard unsaid > 0, let last else { return }
        let metadata: Logger.Metadata = ["campaign": "\(campaign)", "count": "\(unsaid)", "through": "\(last.iso8601)"]
        if unsaidNews {
            logger.info("more occurrences due", metadata: metadata)
        } else {
            logger.debug("more occurrences due, already in the outbox", metadata: metadata)
        }
    }
}
