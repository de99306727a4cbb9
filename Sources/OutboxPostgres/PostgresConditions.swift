import Outbox

/// Conditions on broadcasts aliased `b` that several queries share, in the
/// same meaning as the SQLite backend's (docs/outbox.md).
enum PostgresConditions {
    /// The filter, using $1 … $8; queries number their own parameters from $9.
    static let filter = """
        ($1::text IS NULL OR b.campaign = $1::text) AND ($2::text IS NULL OR b.message = $2::text) \
        AND ($3::text IS NULL OR b.region = $3::text) AND ($4::text IS NULL OR b.channel = $4::text) \
        AND ($5::bigint IS NULL OR b.occurrence = $5::bigint) AND ($6::bigint IS NULL OR b.occurrence >= $6::bigint) \
        AND ($7::bigint IS NULL OR b.due_at < $7::bigint) AND ($8::boolean IS NULL OR (b.started_at IS NOT NULL) = $8::boolean)
        """

    static func values(_ filter: BroadcastFilter) -> [any SQLValue] {
        [filter.campaign, filter.message, filter.region, filter.channel, filter.occurrence, filter.occurringFrom,
         filter.dueBefore, filter.started]
    }

    /// No pause covers the broadcast.
    static let notPaused = """
        NOT EXISTS (SELECT 1 FROM pauses p WHERE p.campaign = b.campaign AND p.message IN ('', b.message)
                    AND p.region IN ('', b.region) AND b.occurrence >= p.occurring_from AND b.occurrence < p.occurring_until)
        """

    /// No more specific list of its reach is still to be read (`now` is `$1`).
    static let notOutranked = """
        NOT EXISTS (SELECT 1 FROM broadcasts g
                    WHERE g.reach = b.reach AND g.rank > b.rank AND g.state = 0 AND NOT g.exhausted AND g.due_at <= $1::bigint)
        """

    /// Not held (`now` is `$1`).
    static let notHeld = "(b.held_until IS NULL OR b.held_until <= $1::bigint)"
}
