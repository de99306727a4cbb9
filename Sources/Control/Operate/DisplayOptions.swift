import ArgumentParser
import Loading
import Plan

/// `--utc`, for every command that prints times: they are shown in each
/// campaign's zone (from the schedules `--config` names) unless it is given.
struct DisplayOptions: ParsableArguments {
    @Flag(help: "Show times in UTC, and read times given without an offset in UTC, instead of in each campaign's time zone.")
    var utc = false

    /// The campaigns' zones from `config`'s schedules; the machine's zone when they cannot be read.
    func display(config: String) -> Display {
        Display(zones: CampaignZones.load(configPath: config), utc: utc)
    }
}

extension Display {
    /// `log --since` and the like: a time in the forms `TimeInput` reads, a bare one
    /// in `campaign`'s zone (or UTC with `--utc`).
    func instant(_ text: String, now: Int64, campaign: String?) throws -> Int64 {
        let clock = utc ? ZoneClock(identifier: "UTC") : zones.clock(for: campaign)
        do {
            return try TimeInput.parse(text, now: now, clock: clock)
        } catch {
            throw OperateError(error.description)
        }
    }
}
