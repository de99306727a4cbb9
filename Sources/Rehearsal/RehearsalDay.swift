import CivilDate
import Delivery
import DispatchRules
import Loading
import Plan
import Schedule

/// One gateway's load on one civil day: sends handed to it (retries
/// included) against what it could carry that day outside quiet hours.
/// Endpoints carry one request per broadcast and are left out.
public struct RehearsalDay: Sendable {
    public var date: LocalDate
    public var destination: String
    public var sends: Int
    /// Sends it could carry that day at its capacity, outside the SMS quiet hours.
    public var capacity: Int

    /// The hours of the day it had sends in (bit h: h:00–h:59, in the campaign's zone).
    public var busyHours: UInt32 = 0

    public var utilisation: Double { capacity > 0 ? Double(sends) / Double(capacity) : 0 }

    /// The busy hours as ranges of the clock, `08–12, 20–22` (from the hour a send
    /// was first handed over to the end of the last hour with one).
    public var busyText: String {
        var ranges: [String] = []
        var hour = 0
        while hour < 24 {
            guard busyHours & (1 << UInt32(hour)) != 0 else { hour += 1; continue }
            let start = hour
            while hour < 24, busyHours & (1 << UInt32(hour)) != 0 { hour += 1 }
            ranges.append(String(format: "%02d–%02d", start, hour))
        }
        return ranges.isEmpty ? "-" : ranges.joined(separator: ", ")
    }

    /// Hours of the day with sends.
    public var busyHourCount: Int { busyHours.nonzeroBitCount }

    static func days(sendsPerDay: [Int64: [String: Int]], busyHours: [Int64: [String: UInt32]], scale: Int,
                     destinations: [String: Destination],
                     campaigns: [LoadedCampaign], options: Rehearsal.Options) -> [RehearsalDay] {
        let campaign = campaigns.min { $0.name < $1.name }?.document.campaign
        var hours = campaign.flatMap(QuietHours.init(campaign:))
        var zone = campaign.flatMap { ZoneClock(identifier: $0.timeZone) }
        var days: [RehearsalDay] = []
        for (dayNumber, perDestination) in sendsPerDay.sorted(by: { $0.key < $1.key }) {
            let date = LocalDate(dayNumber: Int(dayNumber))
            for (name, sends) in perDestination.sorted(by: { $0.key < $1.key }) {
                guard let destination = destinations[name], destination.kind == .gateway else { continue }
                var open: Int64 = 86_400
                if var clock = zone, let midnight = LocalTime(hour: 0, minute: 0) {
                    let start = clock.resolve(LocalDateTime(date: date, time: midnight)).instant
                    let end = clock.resolve(LocalDateTime(date: date.adding(days: 1), time: midnight)).instant
                    let quiet = hours?.quietSpan(for: destination.channel, from: start, to: end).seconds ?? 0
                    open = end - start - quiet
                    zone = clock
                }
                let capacity = destination.capacity(latency: options.latency(of: name))
                days.append(RehearsalDay(date: date, destination: name, sends: sends * scale,
                                         capacity: capacity.isFinite ? Int(capacity * Double(open)) : Int.max,
                                         busyHours: busyHours[dayNumber]?[name] ?? 0))
            }
        }
        return days
    }
}
