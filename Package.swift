// swift-tools-version:6.0
import PackageDescription

// Data flows one way, and the targets say so:
// schedule text → Schedule → Plan → Outbox → Delivery → Outbox → broadcastctl.
// `Outbox` is a seam of protocols; `OutboxSQLite` is the backend behind it.
// Dependencies are few on purpose: CI builds from a clean clone within its time limit.
let package = Package(
    name: "broadcastd",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "broadcastd", targets: ["broadcastd"]),
        .executable(name: "broadcastctl", targets: ["broadcastctl"]),
        // For the quick start, the tests and the benchmarks; `make install` ships neither.
        .executable(name: "broadcastd-simulator", targets: ["broadcastd-simulator"]),
        .executable(name: "broadcastd-bench", targets: ["broadcastd-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        // The daemon's /metrics: swift-metrics is the API, swift-prometheus the registry and exposition.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The PostgreSQL outbox (several daemons, one outbox): the client only its backend imports.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
    ],
    targets: [
        // The line-oriented language shared by the schedule and the daemon config:
        // source positions, tokens, diagnostics rendered as file:line:column.
        .target(name: "LineLanguage", dependencies: ["TextFormat"]),
        // Leaves with no dependencies: civil dates and times with no time zone, and
        // what an SMS text costs in segments. The schedule, the plan and the dialects share them.
        .target(name: "CivilDate"),
        .target(name: "SMSText"),
        // One of each small text utility: display width and digit grouping.
        .target(name: "TextFormat"),
        .target(name: "Schedule", dependencies: ["LineLanguage", "CivilDate", "TextFormat"]),
        .target(name: "Plan", dependencies: ["Schedule", "LineLanguage", "CivilDate", "SMSText", "TextFormat"]),
        .target(name: "DaemonConfig", dependencies: ["LineLanguage", "TextFormat"]),

        // The outbox's seam: async protocols split by use (dispatch, scheduling,
        // housekeeping, membership, opt-outs, controls, the read side) and the
        // value types they speak. No SQL: a backend implements the protocols.
        .target(name: "Outbox"),
        // The SQLite backend: the only importer of CSQLite, its SQL and its
        // single-writer assumptions private to it; the daemon and broadcastctl open it.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "OutboxSQLite", dependencies: ["Outbox", "CSQLite"]),
        // The PostgreSQL backend: several daemons share one outbox, leasing with
        // FOR UPDATE SKIP LOCKED; the only importer of PostgresNIO.
        .target(name: "OutboxPostgres", dependencies: ["Outbox", .product(name: "PostgresNIO", package: "postgres-nio")]),

        // The one opener: `outbox` in broadcastd.conf (an `OutboxLocation`) to a backend.
        // The daemon and broadcastctl both open through it and name no backend themselves.
        .target(name: "OutboxOpening", dependencies: ["Outbox", "OutboxSQLite", "OutboxPostgres", "DaemonConfig"]),

        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "Delivery", dependencies: ["CivilDate", "SMSText", "TextFormat", "CCurl", "CCrypto"]),

        // A Kannel-like SMS gateway and webhook sink on loopback: the README's quick
        // start sends to it, and the tests and benchmarks use it as a scriptable peer.
        .target(name: "GatewaySimulator", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),

        .executableTarget(name: "broadcastd-simulator", dependencies: [
            "GatewaySimulator", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Schedules and broadcastd.conf as the daemon takes them: the one campaign loader,
        // the config check and the destination factory. The daemon and broadcastctl share
        // it, so broadcastctl checks what the daemon runs without linking the daemon's runtime.
        .target(name: "Loading", dependencies: ["LineLanguage", "Schedule", "Plan", "Delivery", "DaemonConfig"]),

        // The daemon's dispatch rules as pure values: the dispatch machine and its pacing,
        // quiet hours, caps, the occurrence scheduler and the broadcast expansion. The
        // daemon runs them against the outbox and libcurl; the rehearsal on a virtual clock.
        // No service runtime, no NIO: broadcastctl links it.
        .target(name: "DispatchRules", dependencies: [
            "Schedule", "Plan", "Outbox", "Delivery", "DaemonConfig", "Loading", "CivilDate", "TextFormat",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // `broadcastctl rehearse`: the campaign sent in advance on a virtual clock through
        // the dispatch machine, against a simulated outbox and gateways.
        .target(name: "Rehearsal", dependencies: [
            "CivilDate", "LineLanguage", "Schedule", "Plan", "Outbox", "Delivery", "DaemonConfig", "Loading", "DispatchRules", "TextFormat",
        ]),

        .target(name: "Control", dependencies: [
            "Schedule", "Plan", "Outbox", "OutboxSQLite", "OutboxOpening", "Delivery", "DaemonConfig", "Loading", "DispatchRules", "Rehearsal", "TextFormat",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "broadcastctl", dependencies: [
            "Control", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The daemon's services; `broadcastd` itself only parses its arguments and runs them.
        .target(name: "Daemon", dependencies: [
            "Schedule", "Plan", "Outbox", "OutboxOpening", "Delivery", "DaemonConfig", "Loading", "DispatchRules", "TextFormat",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            // The report listener (delivery reports and keyword replies).
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            // The metrics listener: only the daemon records and serves metrics.
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        .executableTarget(name: "broadcastd", dependencies: [
            "Daemon", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Benchmarks live outside the shipped products (as Hummingbird's do): `make bench`
        // runs `broadcastd-bench all`, which starts the real binaries and the simulator.
        .target(name: "BroadcastdBench", dependencies: [
            "LineLanguage", "Schedule", "Plan", "Outbox", "OutboxSQLite", "Delivery", "DaemonConfig", "Loading", "DispatchRules", "Daemon",
            "GatewaySimulator", "Rehearsal", "OutboxPostgres", "OutboxTestSupport",
            "CCurl",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Benchmarks/Sources/BroadcastdBench"),
        .executableTarget(name: "broadcastd-bench", dependencies: [
            "BroadcastdBench", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Benchmarks/Sources/broadcastd-bench"),

        // Reads the sources: the imports must follow the data flow (see its rules).
        .testTarget(name: "ArchitectureTests"),
        .testTarget(name: "LineLanguageTests", dependencies: ["LineLanguage"]),
        .testTarget(name: "CivilDateTests", dependencies: ["CivilDate"]),
        .testTarget(name: "SMSTextTests", dependencies: ["SMSText"]),
        .testTarget(name: "TextFormatTests", dependencies: ["TextFormat"]),
        .testTarget(name: "ScheduleTests", dependencies: ["Schedule"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlanTests", dependencies: ["Plan"]),
        .testTarget(name: "DaemonConfigTests", dependencies: ["DaemonConfig"]),
        // Test data both outbox test targets read (overlapping lists of synthetic numbers).
        // and the PostgreSQL server the PostgreSQL backend's tests start.
        .target(name: "OutboxTestSupport", dependencies: ["Outbox", "OutboxPostgres", "GatewaySimulator"], path: "Tests/OutboxTestSupport"),
        // The conformance suite: every backend in its list must pass it, through the protocols only.
        .testTarget(name: "OutboxTests", dependencies: ["Outbox", "OutboxSQLite", "OutboxPostgres", "OutboxTestSupport"]),
        // The SQLite backend's own tests: its SQL, query plans, migrations, files and crash safety.
        // The PostgreSQL backend's own tests: its URL, migrations run at once, fencing, concurrent leases.
        .testTarget(name: "OutboxPostgresTests", dependencies: ["Outbox", "OutboxPostgres", "OutboxTestSupport", "GatewaySimulator"]),
        .testTarget(name: "OutboxSQLiteTests", dependencies: ["Outbox", "OutboxSQLite", "OutboxTestSupport"]),
        .testTarget(name: "OutboxOpeningTests", dependencies: ["OutboxOpening", "Outbox", "OutboxSQLite", "OutboxPostgres",
                                                              "OutboxTestSupport", "GatewaySimulator", "DaemonConfig"]),
        .testTarget(name: "LoadingTests", dependencies: ["Loading", "DaemonConfig", "Delivery", "Schedule"]),
        // Daemon and Outbox: the real Kannel's replies must reach the report listener and the opt-out table.
        .testTarget(name: "DeliveryTests", dependencies: ["Delivery", "GatewaySimulator", "Daemon", "DispatchRules", "Outbox", "OutboxSQLite",
                                                         "DaemonConfig"]),
        .testTarget(name: "DaemonTests", dependencies: ["Daemon", "DispatchRules", "Rehearsal", "Loading", "DaemonConfig", "Outbox", "OutboxSQLite",
                                                       "GatewaySimulator", "OutboxTestSupport", "BrowserTestSupport",
                                                       .product(name: "Metrics", package: "swift-metrics"),
                                                       .product(name: "Prometheus", package: "swift-prometheus")]),
        // Debian's chromium run headless: the status page and the rehearsal's HTML report are looked at in a real browser.
        .target(name: "BrowserTestSupport", path: "Tests/BrowserTestSupport"),
        .testTarget(name: "ControlTests", dependencies: ["Control", "OutboxSQLite", "OutboxOpening", "OutboxTestSupport", "DaemonConfig", "Loading", "Schedule", "CivilDate", "LineLanguage",
                                                        "GatewaySimulator", "BrowserTestSupport"]),
        .testTarget(name: "RehearsalTests", dependencies: ["Rehearsal", "DispatchRules", "Loading", "DaemonConfig", "Delivery", "Schedule", "Plan"]),
        .testTarget(name: "GatewaySimulatorTests", dependencies: ["GatewaySimulator", "Delivery"]),
        .testTarget(name: "BroadcastdBenchTests", dependencies: ["BroadcastdBench", "OutboxSQLite"],
                    path: "Benchmarks/Tests/BroadcastdBenchTests"),
    ]
)
