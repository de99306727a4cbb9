import Outbox

/// The filter as SQL: one fixed text and its bindings.
extension BroadcastFilter {
    /// A condition on the broadcasts table aliased `b`, using ?1 … ?8; queries
    /// number their own parameters from ?9. One fixed text per query keeps the
    /// statement cacheable whatever the filter holds.
    static let condition = """
        (?1 IS NULL OR b.campaign = ?1) AND (?2 IS NULL OR b.message = ?2) AND (?3 IS NULL OR b.region = ?3) \
        AND (?4 IS NULL OR b.channel = ?4) AND (?5 IS NULL OR b.occurrence = ?5) \
        AND (?6 IS NULL OR b.occurrence >= ?6) AND (?7 IS NULL OR b.due_at < ?7) \
        AND (?8 IS NULL OR (b.started_at IS NOT NULL) = ?8)
        """

    /// `condition`, led by plain equalities on as much of the key's prefix
    /// (campaign, message, occurrence) as the filter holds, so that SQLite can
    /// seek the broadcasts' unique index instead of walking every broadcast: the
    /// `?1 IS NULL OR …` form defeats the planner. The daemon's broadcast watch
    /// asks for fifty occurrences every five seconds. At most four texts, each cached.
    var sqlCondition: String {
        switch (campaign, message, occurrence) {
        case (.some, .some, .some): "b.campaign = ?1 AND b.message = ?2 AND b.occurrence = ?5 AND " + Self.condition
        case (.some, .some, _): "b.campaign = ?1 AND b.message = ?2 AND " + Self.condition
        case (.some, _, _): "b.campaign = ?1 AND " + Self.condition
        default: Self.condition
        }
    }

    var bindings: [any SQLBindable] {
        [campaign, message, region, channel, occurrence, occurringFrom, dueBefore, started]
    }

    /// A condition, on broadcasts aliased `b`, that no pause covers them.
    static let notPaused = """
        NOT EXISTS (SELECT 1 FROM pauses p WHERE p.campaign = b.campaign AND p.message IN ('', b.message)
                    AND p.region IN ('', b.region) AND b.occurrence >= p.occurring_from AND b.occurrence < p.occurring_until)
        """
}
