import Foundation
import NIOCore

/// Which report connections the listener keeps, as a pure machine over the
/// caller's clock.
///
/// A plain cap ("the first `limit` connections win, later ones are closed") lets
/// anyone who opens `limit` connections and sends a byte now and then (slowloris)
/// shut the listener for real callbacks. Here a full table makes room instead:
/// a new connection evicts the unfinished connection that has been in its current
/// phase longest: waiting for a request, or reading one. A real callback is read
/// in milliseconds, so it is always among the youngest and a slow sender is
/// always the oldest; and every slow connection dies by its request deadline
/// anyway. Only connections whose request is complete and being answered are
/// never evicted; when all are, the newcomer is refused (they finish in
/// milliseconds, and the gateway calls again).
///
/// Limits per peer address would not help: a gateway and a local attacker share
/// 127.0.0.1, the usual address of both Kannel and a TLS proxy in front of us.
struct ConnectionSlots {
    enum Admission: Hashable {
        case admitted
        /// Admitted in place of this connection, which the caller closes.
        case admittedEvicting(Int)
        case refused
    }

    private struct Slot {
        var phase: RequestDeadline.Phase
        var since: NIODeadline
    }

    let limit: Int
    private var slots: [Int: Slot] = [:]

    init(limit: Int) {
        self.limit = limit
    }

    var count: Int { slots.count }

    mutating func admit(_ id: Int, now: NIODeadline) -> Admission {
        var admission = Admission.admitted
        if slots.count >= limit {
            guard let victim = evictable else { return .refused }
            slots[victim] = nil
            admission = .admittedEvicting(victim)
        }
        slots[id] = Slot(phase: .waiting, since: now)
        return admission
    }

    /// A connection already refused (answered 408 or 431, lingering) first, then the
    /// one longest in its phase; never one whose request is being answered.
    private var evictable: Int? {
        slots.filter { $0.value.phase != .answering }
            .min { (rank($0.value), $0.value.since, $0.key) < (rank($1.value), $1.value.since, $1.key) }?.key
    }

    private func rank(_ slot: Slot) -> Int { slot.phase == .refused ? 0 : 1 }

    /// A connection's phase changed; ignored for one that was evicted meanwhile.
    mutating func update(_ id: Int, phase: RequestDeadline.Phase, since: NIODeadline) {
        guard slots[id] != nil else { return }
        slots[id] = Slot(phase: phase, since: since)
    }

    mutating func remove(_ id: Int) {
        slots[id] = nil
    }
}

/// The listener's open connections: `ConnectionSlots` behind a lock (connections
/// arrive and change phase on several event loops), with the channels it closes.
final class ConnectionRoster: @unchecked Sendable {
    enum Admission {
        case admitted(id: Int, evicted: Bool)
        case refused
    }

    private let lock = NSLock()
    private var slots: ConnectionSlots
    private var channels: [Int: any Channel] = [:]
    private var nextID = 0

    init(limit: Int) {
        slots = ConnectionSlots(limit: limit)
    }

    var count: Int { lock.withLock { slots.count } }

    /// Takes `channel` in, closing the connection it evicts; the caller closes a refused one.
    func admit(_ channel: any Channel, now: NIODeadline) -> Admission {
        let (admission, victim): (Admission, (any Channel)?) = lock.withLock {
            nextID += 1
            let id = nextID
            switch slots.admit(id, now: now) {
            case .refused:
                return (.refused, nil)
            case .admitted:
                channels[id] = channel
                return (.admitted(id: id, evicted: false), nil)
            case .admittedEvicting(let victim):
                channels[id] = channel
                return (.admitted(id: id, evicted: true), channels.removeValue(forKey: victim))
            }
        }
        victim?.close(promise: nil)
        return admission
    }

    func update(_ id: Int, phase: RequestDeadline.Phase, since: NIODeadline) {
        lock.withLock { slots.update(id, phase: phase, since: since) }
    }

    func remove(_ id: Int) {
        lock.withLock {
            slots.remove(id)
            channels[id] = nil
        }
    }
}
