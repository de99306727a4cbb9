/// The PostgreSQL outbox's migrations, numbered like the SQLite backend's but
/// its own: the same tables and meanings (docs/outbox.md), in PostgreSQL's
/// types. Times are bigint seconds since 1970 UTC, as in SQLite, so instants
/// compare exactly and the two backends agree on every figure.
///
/// Several instances may start at once: each migrates inside one transaction
/// that first takes `pg_advisory_xact_lock(lockKey)`, so one applies a version
/// while the others wait and then find it recorded in `schema_migrations`.
/// DDL is transactional here: a failed migration leaves nothing half-made.
/// Names are `COLLATE "C"`: compared and ordered byte by byte, as SQLite does,
/// whatever the database's locale.
enum PostgresSchema {
    /// The advisory lock every migrating instance takes (an arbitrary constant, "bcastd01").
    static let lockKey: Int64 = 0x6263_6173_7464_3031

    static let migrations: [(version: Int64, name: String, sql: String)] = [
        (1, "broadcasts, deliveries, attempts, controls, opt-outs, caps, reaches, instances", version1),
        (2, "delivery reports: handset outcomes", receipts),
        (3, "controls over the schedule: cancels ahead, the record of controls", controls),
        (4, "failovers counted on each gateway", failovers),
        (5, "what the last reload changed", reloadChanges),
        (6, "destinations the daemon no longer serves", unservedDestinations),
        (7, "sends per quarter hour, for the status page's chart", sendsBySlot),
        (8, "gateways' rates shared across instances", rateBuckets),
        (9, "leaner hot rows: no per-row foreign-key check on deliveries, no lease-owner or log-by-broadcast index", leanHotRows),
    ]

    static var latest: Int64 { migrations.last?.version ?? 0 }

    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version bigint PRIMARY KEY,
            name text COLLATE "C" NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """

    /// Leases carry `lease_owner` (the dispatcher's owner string) and
    /// `lease_generation` (the instance that took them, from `instances`):
    /// an outcome other than `delivered` counts only from that owner in that
    /// instance, so an instance that lost its lease (paused, partitioned,
    /// restarted) records nothing over the one that took it over.
    static let version1 = """
        CREATE TABLE instances (
            generation bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            host text COLLATE "C" NOT NULL,
            pid bigint,
            opened_at bigint NOT NULL,
            started_at bigint,
            stopped_at bigint,
            heartbeat_at bigint,
            last_reload_at bigint,
            last_reload_ok boolean,
            last_reload_error text,
            emergency_stop_at bigint
        );

        CREATE TABLE reaches (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            campaign text COLLATE "C" NOT NULL,
            message text COLLATE "C" NOT NULL,
            occurrence bigint NOT NULL,
            channel text COLLATE "C" NOT NULL,
            UNIQUE (campaign, message, occurrence, channel)
        );

        CREATE TABLE broadcasts (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            campaign text COLLATE "C" NOT NULL,
            message text COLLATE "C" NOT NULL,
            occurrence bigint NOT NULL,
            region text COLLATE "C" NOT NULL,
            channel text COLLATE "C" NOT NULL,
            audience text COLLATE "C" NOT NULL,
            destination text COLLATE "C" NOT NULL,
            text text COLLATE "C" NOT NULL,
            due_at bigint NOT NULL,
            started_at bigint,
            state smallint NOT NULL DEFAULT 0 CHECK (state IN (0, 5, 6)),
            reason text,
            list text,
            total bigint,
            cursor bigint NOT NULL DEFAULT 0,
            cursor_token bigint NOT NULL DEFAULT 0,
            exhausted boolean NOT NULL DEFAULT false,
            delivered bigint NOT NULL DEFAULT 0,
            duplicates bigint NOT NULL DEFAULT 0,
            capped bigint NOT NULL DEFAULT 0,
            opted_out bigint NOT NULL DEFAULT 0,
            enqueued_at bigint NOT NULL,
            reach bigint REFERENCES reaches (id),
            rank bigint NOT NULL DEFAULT 0,
            held_until bigint,
            problem text,
            list_identity text,
            list_changed boolean NOT NULL DEFAULT false,
            UNIQUE (campaign, message, occurrence, region, channel, audience)
        );
        CREATE INDEX broadcasts_feed ON broadcasts (due_at) WHERE state = 0 AND NOT exhausted;
        CREATE INDEX broadcasts_reach ON broadcasts (reach, rank) WHERE state = 0 AND NOT exhausted;

        CREATE TABLE deliveries (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            broadcast_id bigint NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
            recipient text COLLATE "C" NOT NULL,
            state smallint NOT NULL CHECK (state IN (0, 1, 2, 3, 5, 6)),
            due_at bigint NOT NULL,
            lease_owner text,
            lease_generation bigint,
            lease_expires bigint,
            attempts bigint NOT NULL DEFAULT 0,
            reason text,
            cap_counted boolean NOT NULL DEFAULT false,
            CHECK ((state = 1) = (lease_owner IS NOT NULL AND lease_expires IS NOT NULL)),
            UNIQUE (broadcast_id, recipient)
        );
        CREATE INDEX deliveries_due ON deliveries (due_at) WHERE state IN (0, 2);
        CREATE INDEX deliveries_leases ON deliveries (lease_expires) WHERE state = 1;
        CREATE INDEX deliveries_owner ON deliveries (lease_owner) WHERE state = 1;

        CREATE TABLE attempts (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            broadcast_id bigint NOT NULL,
            recipient text COLLATE "C" NOT NULL,
            at bigint NOT NULL,
            outcome smallint NOT NULL,
            http_status bigint,
            latency_ms bigint,
            reason text,
            gateway_id text
        );
        CREATE INDEX attempts_failures ON attempts (id) WHERE outcome IN (2, 3);
        CREATE INDEX attempts_broadcast ON attempts (broadcast_id);

        CREATE TABLE pauses (
            campaign text COLLATE "C" NOT NULL,
            message text COLLATE "C" NOT NULL,
            paused_at bigint NOT NULL,
            PRIMARY KEY (campaign, message)
        );

        CREATE TABLE destinations (
            name text COLLATE "C" PRIMARY KEY,
            channel text COLLATE "C" NOT NULL,
            rate_per_second double precision,
            error_rate double precision,
            updated_at bigint,
            delivered bigint NOT NULL DEFAULT 0,
            failed bigint NOT NULL DEFAULT 0
        );

        CREATE TABLE optouts (
            phone text COLLATE "C" PRIMARY KEY,
            source text COLLATE "C" NOT NULL,
            added_at bigint NOT NULL
        );
        CREATE INDEX optouts_source ON optouts (source);

        CREATE TABLE cap_counts (
            campaign text COLLATE "C" NOT NULL,
            channel text COLLATE "C" NOT NULL,
            recipient text COLLATE "C" NOT NULL,
            day bigint NOT NULL,
            day_count bigint NOT NULL,
            week bigint NOT NULL,
            week_count bigint NOT NULL,
            PRIMARY KEY (campaign, channel, recipient)
        );

        CREATE TABLE reached (
            reach bigint NOT NULL,
            phone text COLLATE "C" NOT NULL,
            PRIMARY KEY (reach, phone)
        );
        """

    /// A delivery report's handset outcome for one SMS, as in SQLite's migration
    /// 9 (docs/outbox.md): one row per (broadcast, recipient), replaced by a
    /// later report, and the broadcast's `handset_*` counters moved with it.
    static let receipts = """
        CREATE TABLE receipts (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            broadcast_id bigint NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
            recipient text COLLATE "C" NOT NULL,
            outcome smallint NOT NULL CHECK (outcome IN (1, 2, 3, 4)),
            at bigint NOT NULL,
            detail text,
            gateway_id text,
            UNIQUE (broadcast_id, recipient)
        );
        ALTER TABLE broadcasts ADD COLUMN handset_delivered bigint NOT NULL DEFAULT 0,
            ADD COLUMN handset_failed bigint NOT NULL DEFAULT 0,
            ADD COLUMN handset_rejected bigint NOT NULL DEFAULT 0,
            ADD COLUMN handset_expired bigint NOT NULL DEFAULT 0;
        """

    /// Cancels ahead, the record of controls and pauses narrowed to a region and
    /// a range of occurrences, as in SQLite's migration 10.
    static let controls = """
        ALTER TABLE pauses ADD COLUMN region text COLLATE "C" NOT NULL DEFAULT '',
            ADD COLUMN occurring_from bigint NOT NULL DEFAULT -9223372036854775808,
            ADD COLUMN occurring_until bigint NOT NULL DEFAULT 9223372036854775807;
        ALTER TABLE pauses DROP CONSTRAINT pauses_pkey;
        ALTER TABLE pauses ADD PRIMARY KEY (campaign, message, region, occurring_from, occurring_until);
        CREATE TABLE cancels_ahead (
            campaign text COLLATE "C" NOT NULL,
            message text COLLATE "C" NOT NULL,
            occurrence bigint NOT NULL,
            region text COLLATE "C" NOT NULL,
            reason text NOT NULL,
            made_at bigint NOT NULL,
            PRIMARY KEY (campaign, message, occurrence, region)
        );
        CREATE TABLE controls (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at bigint NOT NULL,
            "user" text NOT NULL,
            command text NOT NULL,
            target text NOT NULL,
            outcome text NOT NULL,
            changed boolean NOT NULL
        );
        """

    /// A route's failovers on each gateway, as in SQLite's migration 11.
    static let failovers = """
        ALTER TABLE destinations ADD COLUMN failed_over_from bigint NOT NULL DEFAULT 0,
            ADD COLUMN failed_over_to bigint NOT NULL DEFAULT 0;
        """

    /// The last reload's summary of what it changed, as in SQLite's migration 12.
    static let reloadChanges = """
        ALTER TABLE instances ADD COLUMN last_reload_changes text;
        """

    /// As in SQLite's migration 13 (unserved destinations).
    static let unservedDestinations = """
        ALTER TABLE destinations ADD COLUMN unserved_since bigint;
        """

    /// Attempts that ended per quarter hour of UTC, as in SQLite's migration 14
    /// (which says why a counter table and not an index on the log's time).
    static let sendsBySlot = """
        CREATE TABLE sends_by_slot (
            start bigint PRIMARY KEY,
            delivered bigint NOT NULL DEFAULT 0,
            failed bigint NOT NULL DEFAULT 0
        );
        INSERT INTO sends_by_slot (start, delivered, failed)
        SELECT at - ((at % 900) + 900) % 900, count(*) FILTER (WHERE outcome = 4), count(*) FILTER (WHERE outcome IN (2, 3))
        FROM attempts WHERE outcome IN (2, 3, 4) GROUP BY 1;
        """

    /// Each destination's token buckets, shared by every instance (PostgreSQL
    /// only: SQLite serves one instance). `bucket` is the position of the
    /// bucket in the destination's `rate` lines; `updated_at` is the database's
    /// clock in seconds, so the instances' own clocks never matter.
    static let rateBuckets = """
        CREATE TABLE rate_buckets (
            destination text COLLATE "C" NOT NULL,
            bucket bigint NOT NULL,
            tokens double precision NOT NULL,
            updated_at double precision NOT NULL,
            PRIMARY KEY (destination, bucket)
        );
        """

    /// What every leased list position pays, cut (`broadcastd-bench postgres`,
    /// Benchmarks/RESULTS.md): each position is an in-flight row inserted at
    /// lease and deleted at record, with a log row. The foreign key from
    /// `deliveries` to `broadcasts` ran its check trigger (a `FOR KEY SHARE`
    /// look-up) for every inserted row, about a third of the insert's time; a
    /// delivery row is only ever written for a broadcast that exists (its
    /// enqueue, or its lease with the broadcast's row locked) and broadcasts are
    /// never deleted here, so the key guarded nothing its cascade ever did.
    /// `deliveries_owner` duplicated `deliveries_leases` (both hold exactly the
    /// in-flight rows: `releaseLeases(owner:)` filters those), and
    /// `attempts_broadcast` served only `resume --restart-list`, which now
    /// reads the log through as SQLite's does (docs/outbox.md, "Indexes").
    static let leanHotRows = """
        ALTER TABLE deliveries DROP CONSTRAINT IF EXISTS deliveries_broadcast_id_fkey;
        DROP INDEX IF EXISTS deliveries_owner;
        DROP INDEX IF EXISTS attempts_broadcast;
        """
}
