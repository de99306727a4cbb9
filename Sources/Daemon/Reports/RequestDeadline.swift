import NIOCore

/// The timing and size rules of one report connection, as a pure machine: the
/// channel handlers (`RequestGuard`) tell it what happened and when, and do what
/// it answers. One timer per connection, whose meaning depends on the phase:
///
/// - waiting (connected, or between keep-alive requests): closed after `idleTimeout` of silence;
/// - reading (from the first byte of a request until its last): the request must be
///   complete by `requestTimeout` after that first byte. Bytes that trickle in do
///   not move this deadline, so a sender that dribbles a header byte now and then
///   (slowloris) is cut off, answered 408, however short the gaps between its bytes;
/// - answering (the request is read, the outbox is being written): no timer, the answer is ours to give;
/// - refused (408 or 431 written, output shut): what still arrives is dropped until
///   the peer closes or `lingerTimeout` passes. Closing at once with unread bytes
///   would make the kernel send a reset that can destroy the answer on its way.
///
/// A request's head (request line and headers) is refused with 431 once more than
/// `headerBytes` arrived without completing it; the body's limit is `RequestReader`'s.
struct RequestDeadline {
    enum Phase: Hashable, Sendable {
        case waiting, reading, answering, refused
    }

    struct Rules: Sendable {
        var idleTimeout: TimeAmount
        var requestTimeout: TimeAmount
        var headerBytes: Int
        var lingerTimeout: TimeAmount = .seconds(2)
    }

    enum Action: Hashable {
        /// Nothing changes; bytes that arrived are passed on to the HTTP decoder.
        case proceed
        /// Arm the connection's one timer for this instant (replacing any other); pass bytes on.
        case arm(NIODeadline)
        case disarm
        /// Answer with this status (`Connection: close`), shut the output, drop what
        /// arrives, and arm the timer for the instant the connection is closed anyway.
        case refuse(status: Int, closeAt: NIODeadline)
        /// Bytes after a refusal: drop them.
        case drop
        case close
    }

    let rules: Rules
    private(set) var phase: Phase = .waiting
    /// When the current phase began: the roster evicts the oldest unfinished connection first.
    private(set) var since: NIODeadline
    private var timer: NIODeadline?
    /// Bytes of the current request read before its head was complete; nil once it was.
    private var headBytes: Int? = 0

    /// A connection just accepted: waiting, with the idle timer at `deadline`.
    init(rules: Rules, now: NIODeadline) {
        self.rules = rules
        since = now
        timer = now + rules.idleTimeout
    }

    /// Where the timer stands; the guard arms it at start.
    var deadline: NIODeadline? { timer }

    mutating func bytesArrived(_ count: Int, now: NIODeadline) -> Action {
        switch phase {
        case .waiting:
            startReading(now: now)
            headBytes = count
            return .arm(timer!)
        case .reading:
            headBytes = headBytes.map { $0 + count }
            return .proceed
        case .answering:
            // A pipelined next request: NIO's pipelining handler holds it until we answered
            // this one; its deadline starts with the first byte after our answer, or with its head.
            return .proceed
        case .refused:
            return .drop
        }
    }

    /// After the bytes were passed on: the decoder has read a complete head by now if they held one.
    mutating func checkHeadSize(now: NIODeadline) -> Action {
        guard phase == .reading, let headBytes, headBytes > rules.headerBytes else { return .proceed }
        return refuse(431, now: now)
    }

    mutating func headRead(now: NIODeadline) -> Action {
        switch phase {
        case .waiting:
            // A pipelined request whose bytes came while we were answering the previous one.
            startReading(now: now)
            headBytes = nil
            return .arm(timer!)
        case .reading:
            headBytes = nil
            return .proceed
        case .answering, .refused:
            return .proceed
        }
    }

    mutating func requestRead(now: NIODeadline) -> Action {
        guard phase == .reading || phase == .waiting else { return .proceed }
        phase = .answering
        since = now
        timer = nil
        return .disarm
    }

    /// Our answer went out; a keep-alive connection waits for its next request.
    mutating func answered(now: NIODeadline) -> Action {
        guard phase == .answering else { return .proceed }
        phase = .waiting
        since = now
        timer = now + rules.idleTimeout
        return .arm(timer!)
    }

    mutating func timerFired(now: NIODeadline) -> Action {
        // A timer armed for an earlier phase may still fire after it was replaced.
        guard let timer else { return .proceed }
        guard now >= timer else { return .arm(timer) }
        switch phase {
        case .waiting, .refused: return .close
        case .reading: return refuse(408, now: now)
        case .answering: return .proceed
        }
    }

    private mutating func startReading(now: NIODeadline) {
        phase = .reading
        since = now
        timer = now + rules.requestTimeout
    }

    private mutating func refuse(_ status: Int, now: NIODeadline) -> Action {
        phase = .refused
        since = now
        timer = now + rules.lingerTimeout
        return .refuse(status: status, closeAt: timer!)
    }
}
