import ArgumentParser
import Foundation
import LineLanguage
import Outbox

/// `broadcastctl log`: the delivery log, newest first, phone numbers masked.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the delivery log, newest first (phone numbers masked).",
        discussion: """
            Each row is one recorded attempt and the state it led to. With --controls, the record of the operators' \
            controls instead (pause, resume, cancel, retry, send): when, who (SUDO_USER, else the user), what was typed, \
            whether it changed anything and what it answered; --since and --limit apply. --json prints one object, \
            documented in docs/status.md.
            """
    )

    @Option(help: OutboxOptions.configHelp) var config = OutboxOptions.defaultConfig
    @Option(name: .customLong("state-dir"), help: OutboxOptions.stateHelp) var stateDirectory: String?

    @Option(help: "Only this campaign.") var campaign: String?
    @Option(help: "Only this message.") var message: String?
    @Option(help: "Only this region.") var region: String?
    @Option(help: "Only this channel (sms, webhook).", transform: { try CommandLineValues.channel($0).rawValue })
    var channel: String?
    @Option(help: "Only attempts that led to this state: delivered, retrying, dead or skipped.") var state: String?

    /// The states a logged attempt can lead to; the help above names the same.
    static let loggedStates: [DeliveryState] = [.delivered, .retrying, .dead, .skipped]
    @Option(help: "Only attempts at or after this time: 2021-02-09T20:00 (in the campaign's zone), 2021-02-09T20:00+08:00, 2021-02-09, or 30m, 2h, 2d back from now.")
    var since: String?
    @Option(help: "At most this many entries.") var limit: Int = 50
    @Flag(help: "Print one JSON object (see docs/status.md).") var json = false
    @Flag(help: "Show the record of controls (who paused, resumed, cancelled, retried or sent what, and when) instead of deliveries.")
    var controls = false
    @OptionGroup var times: DisplayOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if controls, campaign != nil || message != nil || region != nil || channel != nil || state != nil {
            throw ValidationError("--controls shows every control; --campaign, --message, --region, --channel and --state filter deliveries")
        }
        if let state, !Self.loggedStates.contains(where: { $0.name == state }) {
            let names = Self.loggedStates.map(\.name)
            var problem = "'\(state)' is not a state an attempt leads to; expected one of \(names.joined(separator: ", "))"
            if DeliveryState(name: state) != nil {
                problem += " ('\(state)' deliveries have no attempt to log: `broadcastctl status` counts them)"
            } else if let nearest = Suggestion.closest(to: state, among: names) {
                problem += "; did you mean '\(nearest)'?"
            }
            throw ValidationError(problem)
        }
    }

    func run() async throws {
        let outbox = try await reportingErrors { try await OutboxLocator(config: config, stateFolder: stateDirectory).open() }.backend
        let now = try await DaemonClock.now(reading: outbox)
        try await LogCommand.outcome(outbox: outbox, filters: self, now: now, display: times.display(config: config)).emit()
    }

    /// The JSON form of `log`: the filters as understood, and the entries.
    struct Report: Hashable, Sendable, Codable {
        var version = StatusReport.currentVersion
        @JSONNullable var since: Timestamp? = nil
        var limit: Int
        var entries: [LogLine]
    }

    /// The JSON form of `log --controls`.
    struct ControlsReport: Hashable, Sendable, Codable {
        var version = StatusReport.currentVersion
        @JSONNullable var since: Timestamp? = nil
        var limit: Int
        var controls: [ControlLine]
    }

    static func outcome(outbox: any StatusOutbox & ControlOutbox, filters: LogCommand, now: Int64, display: Display) async -> CommandOutcome {
        await OperateError.reported {
            let since = try filters.since.map { try display.instant($0, now: now, campaign: filters.campaign) }
            if filters.controls {
                // Controls are few: the newest `limit`, then those at or after `since`.
                let lines = try await outbox.controlRecords(limit: filters.limit).filter { $0.at >= (since ?? .min) }.map(ControlLine.init)
                if filters.json {
                    return .success(try JSONOutput.encode(ControlsReport(since: since.map(Timestamp.init), limit: filters.limit, controls: lines)))
                }
                if lines.isEmpty { return .success("no controls recorded" + (since == nil ? "" : " since then")) }
                return .success(ControlLine.table(lines, display: display).rendered())
            }
            let query = LogQuery(campaign: filters.campaign, message: filters.message, region: filters.region,
                                 channel: filters.channel, outcome: filters.state.flatMap(DeliveryState.init(name:)),
                                 since: since, limit: filters.limit)
            let lines = try await outbox.log(query).map(LogLine.init)
            // A misspelt name must not read as "nothing happened yet".
            if lines.isEmpty,
               let problem = try await ControlTarget.unknownName(campaign: filters.campaign, message: filters.message, in: outbox) {
                return .failure(problem)
            }
            if lines.isEmpty, let region = filters.region, let problem = filters.unknownRegion(region) {
                return .failure(problem)
            }
            if filters.json {
                return .success(try JSONOutput.encode(Report(since: since.map(Timestamp.init), limit: filters.limit, entries: lines)))
            }
            if lines.isEmpty { return .success("no log entries match") }
            return .success(LogRenderer(display: display).table(lines).rendered())
        }
    }
}

extension LogCommand {
    /// Why `region` names no region of the schedule the config names, with the
    /// nearest path; nil when it is one, or when no schedule can be read to tell.
    func unknownRegion(_ region: String) -> String? {
        guard FileManager.default.fileExists(atPath: config),
              let view = try? ScheduleView.load(config: config, stateGiven: stateDirectory != nil) else { return nil }
        let campaigns = campaign.map { [$0] } ?? view.campaignNames
        let paths = campaigns.flatMap { view.regionNames(campaign: $0) }
        guard !paths.isEmpty, !paths.contains(region) else { return nil }
        var problem = "no region '\(region)' in the schedule"
        // `nanchnag` is nearest to the leaf `nanchang`, not to the whole path.
        let leaves = Dictionary(paths.map { (String($0.split(separator: "/").last ?? ""), $0) }) { first, _ in first }
        if let nearest = Suggestion.closest(to: region, among: paths)
            ?? Suggestion.closest(to: region, among: leaves.keys.sorted()).flatMap({ leaves[$0] }) {
            problem += "; did you mean '\(nearest)'?"
        }
        return problem
    }
}
