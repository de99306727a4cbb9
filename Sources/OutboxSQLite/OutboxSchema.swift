import Outbox

/// The outbox's migrations. Times are integer seconds since 1970 UTC (latency in
/// milliseconds): integers compare exactly and cost less to write than dates.
/// docs/outbox.md explains every table and index.
enum OutboxSchema {
    static var migrator: Migrator {
        var migrator = Migrator()
        migrator.register(1, "broadcasts, deliveries, attempts") { try $0.execute(version1) }
        migrator.register(2, "pauses, daemon, destinations") { try $0.execute(version2) }
        migrator.register(3, "opt-outs") { try $0.execute(version3) }
        migrator.register(4, "frequency caps, skip counters") { try $0.execute(frequencyCaps) }
        migrator.register(5, "reaches: one copy per person across overlapping lists") { try $0.execute(reaches) }
        migrator.register(6, "broadcasts held while their list cannot be read") { try $0.execute(holds) }
        migrator.register(7, "the identity of the list a broadcast reads") { try $0.execute(listIdentity) }
        migrator.register(8, "the outbox's identity; the emergency stop in the daemon row") { try $0.execute(identity) }
        migrator.register(9, "delivery reports: handset outcomes") { try $0.execute(receipts) }
        migrator.register(10, "controls over the schedule: cancels ahead, the record of controls") { try $0.execute(controls) }
        migrator.register(11, "failovers counted on each gateway") { try $0.execute(failovers) }
        migrator.register(12, "what the last reload changed") { try $0.execute(reloadChanges) }
        migrator.register(13, "destinations the daemon no longer serves") { try $0.execute(unservedDestinations) }
        migrator.register(14, "sends per quarter hour, for the status page's chart") { try $0.execute(sendsBySlot) }
        migrator.register(15, "open lists by destination, held lists by hold") { try $0.execute(turnIndexes) }
        return migrator
    }

    static let version1 = """
        CREATE TABLE broadcasts (
            id INTEGER PRIMARY KEY,
            campaign TEXT NOT NULL,
            message TEXT NOT NULL,
            occurrence INTEGER NOT NULL,
            region TEXT NOT NULL,
            channel TEXT NOT NULL,
            audience TEXT NOT NULL,
            destination TEXT NOT NULL,
            text TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            started_at INTEGER,
            state INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 5, 6)),
            reason TEXT,
            list TEXT,
            total INTEGER,
            cursor INTEGER NOT NULL DEFAULT 0,
            cursor_token INTEGER NOT NULL DEFAULT 0,
            exhausted INTEGER NOT NULL DEFAULT 0,
            delivered INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            enqueued_at INTEGER NOT NULL,
            UNIQUE (campaign, message, occurrence, region, channel, audience)
        );
        CREATE INDEX broadcasts_feed ON broadcasts (due_at) WHERE state = 0 AND exhausted = 0;

        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
            recipient TEXT NOT NULL,
            state INTEGER NOT NULL CHECK (state IN (0, 1, 2, 3, 5, 6)),
            due_at INTEGER NOT NULL,
            lease_owner TEXT,
            lease_expires INTEGER,
            attempts INTEGER NOT NULL DEFAULT 0,
            reason TEXT,
            CHECK ((state = 1) = (lease_owner IS NOT NULL AND lease_expires IS NOT NULL)),
            UNIQUE (broadcast_id, recipient)
        );
        CREATE INDEX deliveries_due ON deliveries (due_at) WHERE state IN (0, 2);
        CREATE INDEX deliveries_leases ON deliveries (lease_expires) WHERE state = 1;

        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            broadcast_id INTEGER NOT NULL,
            recipient TEXT NOT NULL,
            at INTEGER NOT NULL,
            outcome INTEGER NOT NULL,
            http_status INTEGER,
            latency_ms INTEGER,
            reason TEXT,
            gateway_id TEXT
        );
        CREATE INDEX attempts_failures ON attempts (id) WHERE outcome IN (2, 3);
        """

    static let version2 = """
        CREATE TABLE pauses (
            campaign TEXT NOT NULL,
            message TEXT NOT NULL,
            paused_at INTEGER NOT NULL,
            PRIMARY KEY (campaign, message)
        ) WITHOUT ROWID;

        CREATE TABLE daemon (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            pid INTEGER NOT NULL,
            started_at INTEGER NOT NULL,
            stopped_at INTEGER,
            heartbeat_at INTEGER NOT NULL,
            last_reload_at INTEGER,
            last_reload_ok INTEGER,
            last_reload_error TEXT
        );

        CREATE TABLE destinations (
            name TEXT PRIMARY KEY,
            channel TEXT NOT NULL,
            rate_per_second REAL,
            error_rate REAL,
            updated_at INTEGER,
            delivered INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        """

    static let version3 = """
        CREATE TABLE optouts (
            phone TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            added_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """

    /// Per-recipient cap counters (one compact row per campaign, channel and
    /// recipient: a `+digits` number is stored as an integer, so the untyped
    /// column keeps it in 6–8 bytes), whether a stored delivery has been counted
    /// (0 for rows stored before their first lease: inline recipients, and any
    /// row older than this migration, counted at its next lease), and per-reason skip
    /// counters for list recipients, which are skipped without a row.
    static let frequencyCaps = """
        CREATE TABLE cap_scopes (
            id INTEGER PRIMARY KEY,
            campaign TEXT NOT NULL,
            channel TEXT NOT NULL,
            UNIQUE (campaign, channel)
        );
        CREATE TABLE cap_counts (
            scope INTEGER NOT NULL,
            recipient NOT NULL,
            day INTEGER NOT NULL,
            day_count INTEGER NOT NULL,
            week INTEGER NOT NULL,
            week_count INTEGER NOT NULL,
            PRIMARY KEY (scope, recipient)
        ) WITHOUT ROWID;
        ALTER TABLE deliveries ADD COLUMN cap_counted INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE broadcasts ADD COLUMN capped INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE broadcasts ADD COLUMN opted_out INTEGER NOT NULL DEFAULT 0;
        """

    /// A reach is every list broadcast of one (campaign, message, occurrence,
    /// channel); `reached` holds the numbers it has handed out, an E.164 number
    /// as an integer (6 bytes for a Chinese mobile instead of 14), anything else as text: the column
    /// has no type, so SQLite keeps each as it is bound, and an integer never
    /// equals a text. Broadcasts enqueued before this migration have no reach.
    static let reaches = """
        CREATE TABLE reaches (
            id INTEGER PRIMARY KEY,
            campaign TEXT NOT NULL,
            message TEXT NOT NULL,
            occurrence INTEGER NOT NULL,
            channel TEXT NOT NULL,
            UNIQUE (campaign, message, occurrence, channel)
        );
        ALTER TABLE broadcasts ADD COLUMN reach INTEGER REFERENCES reaches (id);
        ALTER TABLE broadcasts ADD COLUMN rank INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX broadcasts_reach ON broadcasts (reach, rank) WHERE state = 0 AND exhausted = 0;

        CREATE TABLE reached (
            reach INTEGER NOT NULL,
            phone NOT NULL,
            PRIMARY KEY (reach, phone)
        ) WITHOUT ROWID;
        """

    /// A list that cannot be read (missing, unreadable) holds its broadcast,
    /// not the daemon: `problem` says why, for `status`, and the broadcast is
    /// not fed again before `held_until`.
    static let holds = """
        ALTER TABLE broadcasts ADD COLUMN held_until INTEGER;
        ALTER TABLE broadcasts ADD COLUMN problem TEXT;
        """

    /// The identity (`dev:inode:size:mtime-ns`) of the list file a broadcast
    /// read first, kept so that a list replaced, truncated, grown or rewritten
    /// under a running broadcast holds it instead of being read from the old
    /// offset; `list_changed` marks such a hold until the operator restarts
    /// the list (`broadcastctl resume --restart-list`) or cancels.
    static let listIdentity = """
        ALTER TABLE broadcasts ADD COLUMN list_identity TEXT;
        ALTER TABLE broadcasts ADD COLUMN list_changed INTEGER NOT NULL DEFAULT 0;
        """

    /// One row naming this outbox, matched at every daemon start against the
    /// state folder's `outbox.id`, so an empty, replaced or foreign file is
    /// refused instead of taken for a new outbox (StateFolder). Empty after the
    /// migration: the daemon fills it when it creates or adopts the file.
    /// `daemon.emergency_stop_at`: when SIGUSR1 stopped the sending, written
    /// with each heartbeat while the outbox can be written, for `status`.
    static let identity = """
        CREATE TABLE identity (
            only INTEGER PRIMARY KEY CHECK (only = 1),
            outbox_id TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        ALTER TABLE daemon ADD COLUMN emergency_stop_at INTEGER;
        """

    /// A delivery report's handset outcome for one SMS (a delivered one has no
    /// `deliveries` row any more, so the receipt names its broadcast and
    /// recipient, like the log), kept so that a later report for the same SMS
    /// replaces it; the broadcast's `handset_*` counters move with it, so
    /// `status` reads a row per broadcast and the receipts can age out with the
    /// log. Receipts are appended in time order: pruning reads the oldest ids.
    static let receipts = """
        CREATE TABLE receipts (
            id INTEGER PRIMARY KEY,
            broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
            recipient TEXT NOT NULL,
            outcome INTEGER NOT NULL CHECK (outcome IN (1, 2, 3, 4)),
            at INTEGER NOT NULL,
            detail TEXT,
            gateway_id TEXT,
            UNIQUE (broadcast_id, recipient)
        );
        ALTER TABLE broadcasts ADD COLUMN handset_delivered INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE broadcasts ADD COLUMN handset_failed INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE broadcasts ADD COLUMN handset_rejected INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE broadcasts ADD COLUMN handset_expired INTEGER NOT NULL DEFAULT 0;
        """

    /// `cancels_ahead`: occurrences cancelled before they reached the outbox
    /// (region '' for all of its regions); `enqueue` puts matching broadcasts in
    /// as cancelled. `controls`: every operator control, who, when, what it changed.
    /// `pauses` narrowed to a region ('' for any) and a range of occurrences
    /// (the extreme integers for no bound), so its key grows: the table is rebuilt.
    static let controls = """
        CREATE TABLE pauses_scoped (
            campaign TEXT NOT NULL,
            message TEXT NOT NULL,
            region TEXT NOT NULL,
            occurring_from INTEGER NOT NULL,
            occurring_until INTEGER NOT NULL,
            paused_at INTEGER NOT NULL,
            PRIMARY KEY (campaign, message, region, occurring_from, occurring_until)
        ) WITHOUT ROWID;
        INSERT INTO pauses_scoped (campaign, message, region, occurring_from, occurring_until, paused_at)
            SELECT campaign, message, '', -9223372036854775807 - 1, 9223372036854775807, paused_at FROM pauses;
        DROP TABLE pauses;
        ALTER TABLE pauses_scoped RENAME TO pauses;
        CREATE TABLE cancels_ahead (
            campaign TEXT NOT NULL,
            message TEXT NOT NULL,
            occurrence INTEGER NOT NULL,
            region TEXT NOT NULL,
            reason TEXT NOT NULL,
            made_at INTEGER NOT NULL,
            PRIMARY KEY (campaign, message, occurrence, region)
        );
        CREATE TABLE controls (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            user TEXT NOT NULL,
            command TEXT NOT NULL,
            target TEXT NOT NULL,
            outcome TEXT NOT NULL,
            changed INTEGER NOT NULL
        );
        """

    /// A route's failovers, counted on the gateway a delivery left and on the
    /// one whose outcome ended it, by `record` in the outcome's transaction.
    static let failovers = """
        ALTER TABLE destinations ADD COLUMN failed_over_from INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE destinations ADD COLUMN failed_over_to INTEGER NOT NULL DEFAULT 0;
        """

    /// The last reload's summary of what it changed, for `status` (the log has it too).
    static let reloadChanges = """
        ALTER TABLE daemon ADD COLUMN last_reload_changes TEXT;
        """

    /// Since when the running daemon has not served a gateway or endpoint (a reload
    /// removed it from broadcastd.conf): its deliveries wait, and `status` says why.
    static let unservedDestinations = """
        ALTER TABLE destinations ADD COLUMN unserved_since INTEGER;
        """

    /// Attempts that ended per quarter hour of UTC (`SendSlot`), for the status
    /// page's "sends per hour today" chart, added to by `record` in the outcome's
    /// transaction and pruned with the log. A counter table rather than an index
    /// on `attempts (at)`: the page refreshes every 10 s, and counting today's
    /// log rows would read every attempt of the day (millions in a campaign) on
    /// each refresh, while this reads at most a few hundred rows by primary key;
    /// the write is one upsert per batch (its outcomes nearly always share one
    /// slot), next to the per-destination counters the same transaction updates.
    /// The log there is counted in once, so an upgraded outbox's chart starts full.
    static let sendsBySlot = """
        CREATE TABLE sends_by_slot (
            start INTEGER PRIMARY KEY,
            delivered INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO sends_by_slot (start, delivered, failed)
        SELECT (at - ((at % 900) + 900) % 900), sum(outcome = 4), sum(outcome IN (2, 3))
        FROM attempts WHERE outcome IN (2, 3, 4) GROUP BY 1;
        """

    /// What the dispatcher asks every turn, answered without walking every due
    /// broadcast: which destinations have an open list due (`dueDestinations`
    /// steps from destination to destination and stops at each one's first due
    /// list), and when a held list is due again (`nextDueTime`).
    static let turnIndexes = """
        CREATE INDEX broadcasts_destination ON broadcasts (destination, due_at) WHERE state = 0 AND exhausted = 0;
        CREATE INDEX broadcasts_held ON broadcasts (held_until) WHERE held_until IS NOT NULL AND state = 0 AND exhausted = 0;
        """
}
