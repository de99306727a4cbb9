import CivilDate
import DaemonConfig
import Delivery
import DispatchRules
import Outbox
import Plan
import Schedule

/// Runs the daemon's `DispatchMachine` on a virtual clock against the
/// simulated outbox and transport, the way `DispatchService` runs it against
/// SQLite and libcurl: every step it returns is carried out, every outbox call
/// answered, every sleep taken on the virtual clock. Nothing here decides
/// what may be sent when; the machine does.
///
/// Three shortcuts keep a quarter fast, none changing what the machine sees:
/// a sleep ends when the daemon's loop would be woken by transfer ends (a
/// quarter of a destination's, as `DispatchCompletions` decides); a loop
/// with nothing in flight and nothing it may send (nothing due, or only
/// campaigns in quiet hours) skips its idle one-second turns to the next due
/// time or the end of the quiet window; and after a turn that did nothing,
/// the idle looks that would find the same are skipped (`skippingIdleLooks`).
/// The last is what makes a scaled-down run fast: at 1/17,172 a gateway's
/// token comes every few minutes, and each used to cost a turn a second.
struct RehearsalRun {
    private var machine: DispatchMachine
    private let outbox: RehearsalOutbox
    private var transport: RehearsalTransport
    private let snapshot: CampaignSnapshot
    private let quiet: [String: QuietHours]
    private let zones: [String: ZoneClock]
    private let gatewayZone: ZoneClock?
    private let skipsIdleLooks: Bool
    private(set) var now: Double
    /// Sends handed to each destination per civil day (in the first campaign's zone).
    private(set) var sendsPerDay: [Int64: [String: Int]] = [:]
    /// Per civil day and destination, the hours of the day (bit h: h:00–h:59) with sends.
    private(set) var busyHoursPerDay: [Int64: [String: UInt32]] = [:]
    private(set) var finished = false
    /// Since the last sleep: a transfer settled, a send started, a lease taken or an outcome written.
    private var progressed = false
    /// Stopped at the caller's wall-clock budget before the horizon or the end.
    private(set) var outOfTime = false

    init(outbox: RehearsalOutbox, destinations: [String: Destination], routes: [RouteConfiguration], snapshot: CampaignSnapshot,
         transport: RehearsalTransport, start: Double, skipsIdleLooks: Bool = true) {
        self.outbox = outbox
        self.skipsIdleLooks = skipsIdleLooks
        self.transport = transport
        self.snapshot = snapshot
        now = start
        machine = DispatchMachine(destinations: destinations, routes: routes, settings: DispatchSettings(owner: "rehearsal"),
                                  now: start)
        quiet = snapshot.campaigns.compactMapValues { QuietHours(campaign: $0.document.campaign) }
        let zones = snapshot.campaigns.compactMapValues { ZoneClock(identifier: $0.document.campaign.timeZone) }
        self.zones = zones
        gatewayZone = snapshot.campaigns.keys.sorted().first.flatMap { zones[$0] }
    }

    /// Runs until every broadcast is done or the clock reads `horizon`.
    /// Runs to `horizon` (virtual seconds), or until `budget` of real time has
    /// passed when one is given: `check` wants the warnings only when they come quickly.
    mutating func run(until horizon: Double, budget: Duration? = nil) {
        let deadline = budget.map { ContinuousClock.now.advanced(by: $0) }
        var step = DispatchStep(next: .newTurn)
        while true {
            carryOut(step.effects)
            switch step.next {
            case .stopped:
                return
            case .newTurn:
                settle()
                if outbox.isIdle && transport.isIdle && !machine.pacing.hasUnrecorded {
                    finished = true
                    return
                }
                guard now < horizon else { return }
                if let deadline, ContinuousClock.now > deadline {
                    outOfTime = true
                    return
                }
                step = machine.turn(now: now, snapshot: snapshot, emergencyStop: false)
            case .sleep(let deadline):
                now = max(now, wakeTime(deadline: deadline, horizon: horizon))
                progressed = false
                settle()
                step = machine.woke(now: now)
            case .publishRates:
                step = machine.ratesPublished(now: now)
            case .queryDue(let at):
                step = machine.due(outbox.dueDestinations(now: at), now: now)
            case .recordAndLease(let outcomes, let request):
                let answer = outbox.recordAndLease(outcomes, request)
                if !answer.batch.leases.isEmpty || answer.batch.skipped > 0 || (answer.recorded?.applied ?? 0) > 0 { progressed = true }
                step = machine.recordedAndLeased(answer, now: now)
            case .queryNextDue:
                step = machine.nextDue(outbox.nextDueTime(), now: now)
            case .record(let outcomes, _):
                let summary = outbox.record(outcomes)
                if summary.applied > 0 { progressed = true }
                step = machine.recorded(summary, now: now)
            case .releaseLeases:
                step = machine.released(0, now: now)
            }
        }
    }

    private mutating func settle() {
        let completions = transport.settle(now: now)
        guard !completions.isEmpty else { return }
        progressed = true
        carryOut(machine.completed(completions, now: now))
    }

    private mutating func carryOut(_ effects: [DispatchEffect]) {
        for effect in effects {
            guard case .start(let attempts, let destination, let at) = effect else { continue }
            for attempt in attempts {
                guard let broadcast = outbox.broadcast(ofLease: attempt.lease.id) else { continue }
                let campaign = attempt.lease.key.campaign
                outbox.noteSend(broadcast: broadcast, at: at, day: day(at, zone: zones[campaign]))
                let wall = wallTime(at, zone: gatewayZone)
                let gatewayDay = Int64(wall.date.dayNumber)
                sendsPerDay[gatewayDay, default: [:]][destination.name, default: 0] += 1
                busyHoursPerDay[gatewayDay, default: [:]][destination.name, default: 0] |= 1 << UInt32(wall.time.hour)
            }
            transport.start(attempts, destination: destination.name, at: at)
            progressed = true
        }
    }

    /// When the sleep the machine asked for ends: at its deadline, at the
    /// transfer ends that would wake the daemon, or, with nothing in flight and
    /// nothing sendable, at the next instant anything can change.
    private func wakeTime(deadline: Double, horizon: Double) -> Double {
        let ends = transport.wakeTime()
        guard ends == nil && transport.isIdle && !machine.pacing.hasUnrecorded else {
            return skippingIdleLooks(deadline: deadline, ends: ends ?? .infinity, horizon: horizon)
        }
        let seconds = Int64(now.rounded(.down))
        let due = outbox.dueWork(now: seconds)
        if due.isEmpty {
            guard let next = outbox.nextDueTime() else { return deadline }
            return max(deadline, Double(next))
        }
        // Something is due: skip ahead only while each campaign with work is quiet on the channel it is due on.
        var resume: Int64?
        for work in due {
            guard var hours = quiet[work.campaign], let channel = Channel(rawValue: work.channel),
                  let until = hours.resumeTime(for: channel, at: seconds) else {
                return skippingIdleLooks(deadline: deadline, ends: .infinity, horizon: horizon)
            }
            resume = min(resume ?? until, until)
        }
        return max(deadline, Double(resume ?? 0))
    }

    /// The daemon turns at least every `DispatchMachine.idleLook` to see controls
    /// written to the outbox (pause, cancel); the rehearsal has none. After a
    /// turn that did nothing (settled, started, leased and wrote nothing), the
    /// next looks find the same state, older: they do nothing either until a
    /// transfer ends, work becomes due, or one of the machine's own reasons (a
    /// token, a quiet window's end) comes. Those looks are skipped, counted on
    /// as the daemon's fall, so the turn that does happen is at the same
    /// instant. A turn that did something is followed by its look as before (a
    /// route leases ahead at every look while a gateway's queue is empty). Not
    /// while an outcome waits to be written, nor while a route's gateway is
    /// down (its circuit reopens at a time no wake-up names).
    private func skippingIdleLooks(deadline: Double, ends: Double, horizon: Double) -> Double {
        let own = machine.ownWakeAt ?? .infinity
        let firstEnd = transport.firstEnd ?? .infinity
        let arrives = outbox.nextDue(after: Int64(now.rounded(.down))).map(Double.init) ?? .infinity
        let until = min(own, firstEnd, arrives, horizon)
        guard skipsIdleLooks, !progressed, until.isFinite, !machine.pacing.hasUnrecorded, machine.router.allClosed else {
            return min(deadline, ends)
        }
        var look = deadline
        while look < until { look += DispatchMachine.idleLook }
        return min(look, ends, own)
    }

    private func day(_ instant: Double, zone: ZoneClock?) -> Int64 {
        Int64(wallTime(instant, zone: zone).date.dayNumber)
    }

    private func wallTime(_ instant: Double, zone: ZoneClock?) -> LocalDateTime {
        let seconds = Int64(instant.rounded(.down))
        return ZoneClock.wallTime(instant: seconds, utcOffset: zone?.offset(at: seconds) ?? 0)
    }
}
