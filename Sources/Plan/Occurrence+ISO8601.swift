import CivilDate

extension Occurrence {
    /// The wall time as planned with the zone's offset, `2021-02-09T20:00:00+08:00`
    /// (`+00:00` in UTC, not `Z`: the plan's JSON has always spelt the campaign's zone).
    public var iso8601: String {
        let wall = CivilTime.seconds(.init(year: Int64(local.date.year), month: local.date.month, day: local.date.day,
                                           hour: local.time.hour, minute: local.time.minute, second: 0)) ?? instant + Int64(utcOffset)
        return CivilTime.iso8601(secondsSince1970: wall - Int64(utcOffset), utcOffset: utcOffset, utc: "+00:00")
    }
}
