/// What happened to one broadcast in the rehearsal: when its sends were handed
/// to the gateway, on which civil days, and how its people ended.
struct RehearsalTally {
    var firstSend: Double?
    var lastSend: Double?
    /// Sends per day (days since 1970-01-01 in the campaign's zone), retries included.
    var sendsByDay: [Int64: Int] = [:]
    var attempts = 0
    var delivered = 0
    /// Of `delivered`, per gateway a route chose (empty when the broadcast names its gateway).
    var deliveredVia: [String: Int] = [:]
    var capped = 0
    var optedOut = 0
    var dead = 0

    mutating func noteSend(at instant: Double, day: Int64) {
        firstSend = min(firstSend ?? instant, instant)
        lastSend = max(lastSend ?? instant, instant)
        sendsByDay[day, default: 0] += 1
        attempts += 1
    }

    mutating func add(_ other: RehearsalTally) {
        firstSend = [firstSend, other.firstSend].compactMap { $0 }.min()
        lastSend = [lastSend, other.lastSend].compactMap { $0 }.max()
        sendsByDay.merge(other.sendsByDay, uniquingKeysWith: +)
        attempts += other.attempts
        delivered += other.delivered
        deliveredVia.merge(other.deliveredVia, uniquingKeysWith: +)
        capped += other.capped
        optedOut += other.optedOut
        dead += other.dead
    }
}
