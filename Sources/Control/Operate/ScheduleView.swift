import DaemonConfig
import Foundation
import LineLanguage
import Loading
import Plan

/// The daemon's loaded schedule as `broadcastctl`'s controls and `status` see
/// it: read from the config's `schedule` setting through the daemon's own
/// loader, so a name the schedule knows can be paused or cancelled before any
/// of it has reached the outbox (which it enters about a minute before it is due).
/// Only the `schedule` line of the config is read: no secret is needed; nor
/// are the phone lists, which are not counted.
struct ScheduleView: Sendable {
    var campaigns: [LoadedCampaign]

    /// One firing of one message of one campaign.
    struct Upcoming: Hashable, Sendable {
        var campaign: String
        var occurrence: Occurrence
    }

    /// The schedule the config names. Nil (and a note why) when there is none
    /// to read: with `--state` and no readable config, the controls fall back
    /// to what the outbox holds. A schedule with errors is an error: acting on
    /// half a schedule would miss names.
    static func load(config: String, stateGiven: Bool) throws -> ScheduleView? {
        if stateGiven, !FileManager.default.fileExists(atPath: config) { return nil }
        let files: [String]
        do {
            files = try DaemonConfiguration.scheduleFiles(at: try DaemonConfigLoader.schedulePath(configPath: config))
        } catch let error as OutboxSettingError {
            throw OperateError("cannot read the schedule to act on: \(error.description)")
        } catch {
            throw OperateError("cannot read the schedule to act on: \(error)")
        }
        // Names and times only: counting a province's lists (tens of millions of lines at
        // census scale) would hold up every `pause` and `cancel` for seconds.
        let load = CampaignLoader.load(schedulePaths: files, configuration: nil, recipientCounter: .uncounted)
        guard !load.hasErrors else {
            throw OperateError("the schedule has errors, so its names cannot be checked (broadcastctl check --config \(config)):\n"
                               + load.rendered)
        }
        return ScheduleView(campaigns: load.campaigns)
    }

    var campaignNames: [String] { campaigns.map(\.name).sorted() }

    func campaign(_ name: String) -> LoadedCampaign? { campaigns.first { $0.name == name } }

    func messageNames(campaign name: String) -> [String] {
        campaign(name)?.plan.messages.map(\.message.name) ?? []
    }

    func regionNames(campaign name: String) -> [String] {
        campaign(name)?.plan.tree.regions.map(\.path.description) ?? []
    }

    /// The campaign's zone, for times an operator types and reads.
    func timeZone(campaign name: String) -> TimeZone? {
        campaign(name).flatMap { TimeZone(identifier: $0.document.campaign.timeZone) }
    }

    /// A time an operator typed (`2021-02-10`, `2021-02-10T09:00`, `1h`), read in the campaign's zone.
    static func instant(_ text: String, now: Int64, zone: TimeZone) throws -> Int64 {
        do {
            return try TimeInput.parse(text, now: now, clock: ZoneClock(identifier: zone.identifier))
        } catch {
            throw OperateError(error.description)
        }
    }

    /// Occurrences of the campaign's messages (one message, or all), those
    /// reaching `region` when one is named, with `from <= instant < until`, in time order.
    func occurrences(campaign name: String, message: String?, region: String?, from: Int64?, until: Int64?) -> [Occurrence] {
        guard let plan = campaign(name)?.plan else { return [] }
        let regionIndex = region.flatMap { wanted in plan.tree.regions.firstIndex { $0.path.description == wanted } }
        if region != nil && regionIndex == nil { return [] }
        return plan.messages.filter { messagePlan in
            (message == nil || messagePlan.message.name == message)
                && (regionIndex.map { messagePlan.regions.contains($0) } ?? true)
        }.flatMap(\.occurrences).filter { occurrence in
            occurrence.instant >= (from ?? .min) && occurrence.instant < (until ?? .max)
        }.sorted()
    }

    /// The next `limit` occurrences due at or after `now`, of every campaign, in time order.
    func upcoming(after now: Int64, limit: Int) -> [Upcoming] {
        var next: [Upcoming] = []
        for campaign in campaigns {
            for messagePlan in campaign.plan.messages {
                // Occurrences are sorted: the first `limit` at or after now are all this message can add.
                let start = messagePlan.occurrences.partitioningIndex { $0.instant >= now }
                next += messagePlan.occurrences[start...].prefix(limit).map { Upcoming(campaign: campaign.name, occurrence: $0) }
            }
        }
        return Array(next.sorted { ($0.occurrence, $0.campaign) < ($1.occurrence, $1.campaign) }.prefix(limit))
    }

    /// `2021-02-09 20:00 +08:00`: an occurrence where its campaign lives.
    static func time(_ occurrence: Occurrence) -> String {
        let iso = occurrence.iso8601
        // 2021-02-09T20:00:00+08:00 → date, hour:minute, offset.
        return "\(iso.prefix(10)) \(iso.dropFirst(11).prefix(5)) \(iso.suffix(6))"
    }
}

extension Collection {
    /// The first index whose element satisfies `belongs`, for a predicate false then true along the collection.
    fileprivate func partitioningIndex(where belongs: (Element) -> Bool) -> Index {
        var low = startIndex, count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if belongs(self[middle]) {
                count = half
            } else {
                low = index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}
