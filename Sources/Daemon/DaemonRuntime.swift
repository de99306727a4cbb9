import DaemonConfig
import Delivery
import Foundation
import Loading
import Logging
import Outbox
import OutboxOpening
import ServiceLifecycle
import UnixSignals

/// Wires the stages together and runs them: config → outbox → schedule →
/// services. Every fallible step of start-up happens before READY=1, and each
/// failure says what to fix.
public struct DaemonRuntime {
    public struct Options: Sendable {
        public var configPath: String
        /// Seconds since 1970 the clock reads at start (tests, the quick start); nil for real time.
        public var pretendNow: Double?
        public var environment: [String: String]
        /// How long a lease holds (`--lease-time`); nil for the config's `lease-time`.
        public var leaseSeconds: Int64?

        public init(configPath: String, pretendNow: Double? = nil,
                    environment: [String: String] = ProcessInfo.processInfo.environment, leaseSeconds: Int64? = nil) {
            self.configPath = configPath
            self.pretendNow = pretendNow
            self.environment = environment
            self.leaseSeconds = leaseSeconds
        }
    }

    public struct StartupError: Error, CustomStringConvertible {
        public var description: String
    }

    let options: Options
    let logger: Logger

    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    public func run() async throws {
        let notifier = SystemdNotifier(environment: options.environment)
        let clock = options.pretendNow.map(WallClock.init(pretending:)) ?? WallClock()
        if options.pretendNow != nil {
            // Said once, loudly: a daemon on a pretended clock sends what falls due at the
            // pretended time. The exact offset lets a benchmark or a test map the daemon's
            // due times to the wall clock without counting the process's start-up.
            logger.notice("pretending the time", metadata: [
                "now": "\(Date(timeIntervalSince1970: clock.now.timeIntervalSince1970).formatted(.iso8601))",
                "offset": "\(String(format: "%.3f", clock.offset))",
            ])
        }

        let loadedConfig = DaemonConfigCheck.load(path: options.configPath, environment: options.environment)
        guard let configuration = loadedConfig.configuration else {
            throw StartupError(description: "the config has errors:\n" + loadedConfig.rendered())
        }
        // A SQLite outbox is one daemon's: the folder's lock proves no other uses it.
        var lock: StateFolderLock?
        if let folder = configuration.outbox.stateDirectory {
            do { lock = try StateFolderLock(directory: folder) } catch { throw StartupError(description: error.description) }
        }
        defer { lock?.release() }
        let opened = try await openOutbox(configuration.outbox, now: clock.seconds)
        let store = opened.backend
        if !opened.isShared {
            // The lock proves no other daemon uses this outbox, so every lease still
            // held belongs to a process that is gone (SIGKILL, power loss): due again now.
            // A shared outbox's other leases are other instances' (they expire instead).
            let released = try await store.releaseExpiredLeases(now: .max)
            if released > 0 { logger.notice("released leases of a previous run", metadata: ["deliveries": "\(released)"]) }
        }

        let load = CampaignLoader.load(schedulePaths: try configuration.scheduleFiles(), configuration: configuration)
        for diagnostic in load.diagnostics where diagnostic.severity == .warning {
            logger.warning("\(diagnostic.location): warning: \(diagnostic.message)")
        }
        guard !load.hasErrors else {
            throw StartupError(description: "the schedule has errors:\n" + load.rendered)
        }
        let documents = load.campaigns.map(\.document)
        OptOutFile.log(try await OptOutFile.load(documents, into: store, now: clock.seconds), to: logger)
        let metrics = DaemonMetrics()
        metrics.scheduleLoaded(successfully: true, at: clock.seconds, counted: false)
        let optOuts = OptOutRecorder(outbox: store, clock: clock, logger: logger, metrics: metrics)
        // At start and on every reload: the same gateways and endpoints from the same config.
        let build: @Sendable (DaemonConfiguration) throws -> [String: Destination] = { configuration in
            try DestinationFactory.makeAll(configuration: configuration).mapValues { destination in
                var destination = destination
                destination.optOuts = optOuts
                return destination
            }
        }
        let destinations = try build(configuration)
        let connections = max(16, destinations.values.reduce(0) { $0 + $1.concurrency })
        let transport = HTTPTransport(configuration: .init(maxConnections: connections))
        let pid = getpid()
        try await store.recordDaemonStart(pid: pid, now: clock.seconds)

        let registry = CampaignRegistry(load)
        let dispatchWake = WakeSignal()
        let emergencyStop = EmergencyStop()
        let owner = "broadcastd-\(pid)-\(clock.seconds)"
        let progress = ProgressMonitor()
        let receipts = ReceiptRecorder(outbox: store, clock: clock, logger: logger, metrics: metrics)
        let reports = try await ReportService.reportSlot(configuration: configuration, recorder: optOuts, receipts: receipts,
                                                         registry: registry, metrics: metrics, logger: logger)
        let gauges = OutboxGauges(outbox: store, metrics: metrics, now: { clock.seconds })
        let page = StatusPage(outbox: store, now: { clock.seconds },
                              campaigns: { await registry.snapshot().campaigns.mapValues(\.document.campaign) })
        let metricsListener = try await ReportService.metricsSlot(configuration: configuration, metrics: metrics,
                                                                  gauges: gauges, page: page, logger: logger)
        let reloader = Reloader(configuration: configuration, environment: options.environment, build: build,
                                connections: connections, registry: registry, outbox: store, listeners: [reports, metricsListener],
                                notifier: notifier, clock: clock, logger: logger, progress: progress, metrics: metrics)
        var dispatch = DispatchService.Settings(owner: owner, shutdownGrace: Double(configuration.shutdownGrace.components.seconds),
                                        leaseSeconds: options.leaseSeconds ?? configuration.leaseTime.components.seconds)
        // Leases wait beyond what may start now and start as transfers end, also while the
        // turn's outbox call runs: a shared outbox answers across the network, and on SQLite a
        // burst of one-number broadcasts moves in fewer turns (`bench on-time`, RESULTS.md). The
        // price is a SIGKILL's duplicate window: a gateway's `concurrency` plus what waited,
        // at most 10 ms of its rate (DispatchMachine+Ahead).
        dispatch.leaseAhead = dispatch.batch
        let summary = load.campaigns.map { "\($0.name): \($0.plan.summary())" }.joined(separator: "; ")
        let services: [any Service] = [
            ReadinessService(notifier: notifier, status: summary,
                             metadata: ["pid": "\(pid)", "campaigns": "\(summary)"], logger: logger),
            SchedulerService(registry: registry, outbox: store, clock: clock,
                             policy: .init(catchUpSeconds: Int64(configuration.catchUp.components.seconds)),
                             dispatcherWake: dispatchWake, logger: logger),
            DispatchService(registry: registry, outbox: store, transport: transport, destinations: destinations,
                            routes: configuration.routes, clock: clock,
                            settings: dispatch,
                            wake: dispatchWake, emergencyStop: emergencyStop, logger: logger, progress: progress,
                            metrics: metrics),
            EmergencyStopService(stop: emergencyStop, signals: await UnixSignalsSequence(trapping: .sigusr1, .sigusr2),
                                 notifier: notifier, clock: clock, dispatcherWake: dispatchWake, logger: logger),
            ReloadService(reloader: reloader, signals: await UnixSignalsSequence(trapping: .sighup), clock: clock,
                          logger: logger),
            HeartbeatService(outbox: store, notifier: notifier, clock: clock,
                             logRetention: Int64(configuration.logRetention.components.seconds),
                             emergencyStop: emergencyStop, logger: logger, progress: progress, metrics: metrics,
                             takesOverExpiredLeases: opened.isShared),
            BroadcastWatchService(outbox: store, clock: clock, logger: logger),
            reports, metricsListener,
        ]
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        await transport.shutdown()
        do {
            try await store.recordDaemonStop(now: clock.seconds)
        } catch {
            logger.error("cannot record the stop in the outbox; status shows the daemon as crashed", metadata: ["error": "\(error)"])
        }
        logger.info("broadcastd stopped")
    }

    /// The configured outbox, or a start-up error that names it and the way out;
    /// never a fresh outbox in place of a lost one (the opener refuses that).
    private func openOutbox(_ location: OutboxLocation, now: Int64) async throws -> OpenedOutbox {
        let opened: OpenedOutbox
        do {
            opened = try await OutboxOpener.open(location, access: .daemon(now: now))
        } catch {
            throw StartupError(description: error.description)
        }
        if let notice = opened.notice {
            logger.notice("\(notice.message)", metadata: notice.metadata.mapValues { .string($0) })
        }
        return opened
    }
}
