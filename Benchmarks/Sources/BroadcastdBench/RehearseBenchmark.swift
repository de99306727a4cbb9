import DaemonConfig
import Foundation
import Loading
import Plan
import Rehearsal

#if canImport(Glibc)
import Glibc
#endif

/// Issue 9's "fast" target, measured: rehearsing a quarter whose lists hold
/// `positions` list positions should cost no more than `plan`'s counting of the
/// people on the same lists plus a few seconds, with memory bounded the same
/// way; and the shipped quarter at the census scale (`--estimates`, 45 M
/// people) should rehearse in under 5 s.
///
/// The lists are the province shape of `bench enqueue` (1 + 11 + 100 regions,
/// overlapping as exported lists do), bound to a generated quarter: a
/// province-wide launch at 20:00 into a 21:30 quiet window, a weekly tip to
/// everyone, a monthly notice per city, under `cap sms 1 per day`. The
/// baseline is what `plan` does for its totals, in the same process and run:
/// load the schedule, then `PlanPeople` (read every list, count each reach's
/// distinct people). Peak memory is read from /proc after each step; it only
/// rises, so the rehearsal's own peak shows as the growth past the baseline's.
public struct RehearseBenchmark: Sendable {
    public var positions: Int
    public var configFolder: String

    public init(positions: Int = 10_000_000, configFolder: String = "config") {
        self.positions = positions
        self.configFolder = configFolder
    }

    public struct Step: Sendable {
        public var seconds: Double
        public var peakResidentBytes: Int
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var positions: Int
        public var people: Int
        public var sends: Int
        public var planCounting: Step
        public var rehearsal: Step
        public var rehearsalScale: Int
        public var census: Step
        public var censusPeople: Int
        public var censusLastSend: String

        public var description: String {
            func mib(_ bytes: Int) -> String { String(format: "%.0f MiB", Double(bytes) / 1_048_576) }
            let ratio = rehearsal.seconds / max(planCounting.seconds, 1e-9)
            return """
                bench rehearse: \(positions.formatted()) list positions, \(people.formatted()) people, 112 lists
                  plan's people counting (baseline): \(String(format: "%.2f", planCounting.seconds)) s, peak RSS \(mib(planCounting.peakResidentBytes))
                  rehearse (load + run, scale 1:\(rehearsalScale), \(sends.formatted()) SMS): \(String(format: "%.2f", rehearsal.seconds)) s \
                (\(String(format: "%.2f", ratio))× the baseline, \(String(format: "%+.2f", rehearsal.seconds - planCounting.seconds)) s), \
                peak RSS \(mib(rehearsal.peakResidentBytes))
                  shipped quarter with --estimates (\(censusPeople.formatted()) people): \(String(format: "%.2f", census.seconds)) s \
                (target < 5 s); the launch's last SMS \(censusLastSend)
                """
        }
    }

    public func run() throws -> Report {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-rehearse-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let shape = EnqueueBenchmark.ProvinceShape()
        let people = shape.people(forPositions: positions)
        let lists = try shape.writeLists(people: people, folder: folder.path)
        try Data(Self.regions(lists).utf8).write(to: folder.appendingPathComponent("bench.regions"))
        try Data(Self.schedule.utf8).write(to: folder.appendingPathComponent("bench.schedule"))
        try Data(Self.config.utf8).write(to: folder.appendingPathComponent("broadcastd.conf"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("secrets"), withIntermediateDirectories: true)
        try Data("bench-password\n".utf8).write(to: folder.appendingPathComponent("secrets/gateway-password"))

        let schedule = folder.appendingPathComponent("bench.schedule").path
        let started = ContinuousClock.now
        let counted = CampaignLoader.load(schedulePaths: [schedule], configuration: nil)
        guard let campaign = counted.campaigns.first, !counted.hasErrors else { throw Self.failure("the generated schedule", counted.rendered) }
        let planPeople = PlanPeople(campaign.plan)
        guard planPeople.uncounted.isEmpty else { throw Self.failure("plan's counting", "a reach was too large to count") }
        let planCounting = Step(seconds: Self.seconds(since: started), peakResidentBytes: Self.peakResident())

        let (rehearsal, rehearsalSeconds) = try Self.rehearse(config: folder.appendingPathComponent("broadcastd.conf").path,
                                                               options: Rehearsal.Options())
        let sends = rehearsal.rows.filter { $0.channel == .sms }.reduce(0) { $0 + $1.people }
        let rehearsed = Step(seconds: rehearsalSeconds, peakResidentBytes: Self.peakResident())

        let (census, censusSeconds) = try Self.rehearse(config: configFolder + "/broadcastd.conf",
                                                         options: Rehearsal.Options(useEstimates: true))
        let launch = census.rows.filter { $0.channel == .sms }.map(\.occurrence).min()
        return Report(positions: positions, people: people, sends: sends, planCounting: planCounting, rehearsal: rehearsed,
                      rehearsalScale: rehearsal.scale,
                      census: Step(seconds: censusSeconds, peakResidentBytes: Self.peakResident()),
                      censusPeople: census.rows.filter { $0.channel == .sms && $0.occurrence == launch }.reduce(0) { $0 + $1.people },
                      censusLastSend: census.rows.filter { $0.occurrence == launch }.compactMap(\.lastSend).max()
                        .map { Date(timeIntervalSince1970: Double($0)).formatted(.iso8601) } ?? "never")
    }

    /// `broadcastctl rehearse --config FILE`'s work, timed: load the config and
    /// its schedules, make the destinations, run the rehearsal.
    static func rehearse(config path: String, options: Rehearsal.Options) throws -> (Rehearsal, Double) {
        let started = ContinuousClock.now
        let loaded = DaemonConfigCheck.load(path: path)
        guard let configuration = loaded.configuration, !loaded.hasErrors else {
            throw failure(path, loaded.rendered())
        }
        let destinations = try DestinationFactory.makeAll(configuration: configuration)
        let load = CampaignLoader.load(schedulePaths: try configuration.scheduleFiles(), configuration: configuration)
        guard !load.hasErrors else { throw failure(path, load.rendered) }
        let rehearsal = Rehearsal.run(load.campaigns, destinations: destinations, routes: configuration.routes, options: options)
        return (rehearsal, seconds(since: started))
    }

    static func regions(_ lists: [EnqueueBenchmark.ProvinceShape.List]) -> String {
        // Parents before children, as a regions file reads most naturally.
        lists.sorted { $0.rank < $1.rank || ($0.rank == $1.rank && $0.region < $1.region) }.map { list in
            "region \(list.region) \(list.region.split(separator: "/").last!)\n    sms \(list.path)\n"
        }.joined()
    }

    static let schedule = """
        # generated by broadcastd-bench rehearse
        campaign bench 基准测试
            starts      2021-02-09
            lasts       3 months
            timezone    Asia/Shanghai
            quiet       21:30-08:00 for sms
            cap         sms 1 per day
            signature   【江西公安】
            sms-gateway bench-gateway

        include bench.regions

        message launch
            at      2021-02-09 20:00
            to      jiangxi/**
            via     sms
            sms     春风行动启动：公检法不会电话要求转账，接到96110来电请务必接听。

        message weekly-tip
            every   monday 10:00
            to      jiangxi/**
            via     sms
            sms     反诈提醒：不听、不信、不转账。

        message city-notice
            every   month on 15 17:00
            to      jiangxi/*
            via     sms
            sms     本市反诈宣传月：转账前先拨打96110核实。

        """

    static let config = """
        schedule  bench.schedule
        state     state
        secrets   secrets

        gateway bench-gateway
            kind        kannel
            url         http://127.0.0.1:9/cgi-bin/sendsms
            username    bench
            password    secret:gateway-password
            rate        500/s burst 50
            concurrency 64
            price       0.045 CNY

        """

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static func peakResident() -> Int {
        (try? ProcessUsage.sample(pid: getpid()).peakResidentBytes) ?? 0
    }

    private static func failure(_ what: String, _ detail: String) -> ScheduleBenchmark.GenerationError {
        ScheduleBenchmark.GenerationError(description: "bench rehearse: \(what) does not load:\n\(detail)")
    }
}
