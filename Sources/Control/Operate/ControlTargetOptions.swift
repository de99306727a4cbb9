import ArgumentParser
import Foundation
import Outbox

/// `MESSAGE` or `--campaign NAME` (or both), narrowed by `--region` and
/// `--from`/`--to`, shared by pause, resume and cancel.
struct ControlTargetOptions: ParsableArguments {
    @Argument(help: "The message to act on; without it, --campaign acts on the whole campaign.")
    var message: String?

    @Option(help: "The campaign; required when there are several, or to act on a whole campaign.")
    var campaign: String?

    @Option(help: "Only this region (as the schedule names it, e.g. jiangxi/nanchang).") var region: String?
    @Option(help: "Only occurrences at or after this time, in the campaign's zone (2021-02-10, 2021-02-10T09:00).") var from: String?
    @Option(help: "Only occurrences before this time, in the campaign's zone.") var to: String?

    func validate() throws {
        if message == nil && campaign == nil {
            throw ValidationError("name a message, or --campaign NAME to act on a whole campaign")
        }
    }

    func resolve(in outbox: any ControlOutbox, schedule: ScheduleView? = nil, now: Int64,
                 allowingUnknownMessage: Bool = false) async throws -> ControlTarget {
        try await Self.target(message: message, campaign: campaign, region: region, from: from, to: to, in: outbox,
                              schedule: schedule, now: now, allowingUnknownMessage: allowingUnknownMessage)
    }

    /// The target with its range read in the campaign's zone; a range that holds nothing is an error.
    static func target(message: String?, campaign: String?, region: String?, from: String?, to: String?,
                       in outbox: any ControlOutbox, schedule: ScheduleView?, now: Int64,
                       allowingUnknownMessage: Bool = false) async throws -> ControlTarget {
        var resolved = try await ControlTarget.resolve(campaign: campaign, message: message, region: region, in: outbox,
                                                       schedule: schedule, allowingUnknownMessage: allowingUnknownMessage)
        let zone = schedule?.timeZone(campaign: resolved.campaign) ?? .current
        resolved.rangeZone = zone
        resolved.from = try from.map { try ScheduleView.instant($0, now: now, zone: zone) }
        resolved.until = try to.map { try ScheduleView.instant($0, now: now, zone: zone) }
        if let start = resolved.from, let end = resolved.until, start >= end {
            throw OperateError("--from \(from ?? "") is not before --to \(to ?? ""): the range holds no occurrence")
        }
        return resolved
    }
}
