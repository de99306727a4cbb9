import NIOCore
import NIOHTTP1

/// Carries out one connection's `RequestDeadline`. It sits first in the pipeline,
/// on raw bytes, because a request's deadline starts with its first byte, long
/// before the HTTP decoder has a head to show; `RequestPartsObserver`, behind the
/// HTTP handlers, tells it when a head and a whole request were read and when the
/// answer went out. It reports each phase to the roster, which picks whom to evict.
final class RequestGuard: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var machine: RequestDeadline
    private let id: Int
    private let roster: ConnectionRoster
    private let refusals: RefusalLog
    private var context: ChannelHandlerContext?
    private var timer: Scheduled<Void>?
    private var reportedPhase = RequestDeadline.Phase.waiting

    init(rules: RequestDeadline.Rules, id: Int, roster: ConnectionRoster, refusals: RefusalLog, now: NIODeadline) {
        machine = RequestDeadline(rules: rules, now: now)
        self.id = id
        self.roster = roster
        self.refusals = refusals
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if let deadline = machine.deadline { perform(.arm(deadline)) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        roster.remove(id)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let count = unwrapInboundIn(data).readableBytes
        let action = machine.bytesArrived(count, now: .now())
        perform(action)
        guard action != .drop, action != .close else { return }
        context.fireChannelRead(data)
        perform(machine.checkHeadSize(now: .now()))
    }

    // Called by `RequestPartsObserver`, on this channel's event loop.
    func headRead() { perform(machine.headRead(now: .now())) }
    func requestRead() { perform(machine.requestRead(now: .now())) }
    func answered() { perform(machine.answered(now: .now())) }

    private func perform(_ action: RequestDeadline.Action) {
        if machine.phase != reportedPhase {
            reportedPhase = machine.phase
            roster.update(id, phase: machine.phase, since: machine.since)
        }
        guard let context else { return }
        switch action {
        case .proceed, .drop:
            break
        case .arm(let deadline):
            arm(deadline, context: context)
        case .disarm:
            timer?.cancel()
            timer = nil
        case .refuse(let status, let closeAt):
            arm(closeAt, context: context)
            refusals.refused(Self.refusal(status))
            let answer = ReportHandler.Response(status: status, body: ReportHandler.statusText(status))
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: answer.rawHTTP)), promise: nil)
            // Shut our side only: the peer reads the answer and closes, or the timer closes.
            context.close(mode: .output, promise: nil)
        case .close:
            timer?.cancel()
            context.close(promise: nil)
        }
    }

    private func arm(_ deadline: NIODeadline, context: ChannelHandlerContext) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            perform(machine.timerFired(now: .now()))
        }
    }

    static func refusal(_ status: Int) -> Refusal {
        switch status {
        case 408: Refusal(kind: "too slow", detail: "the request was not complete within its deadline")
        default: Refusal(kind: "head too large", detail: "its request line and headers are larger than allowed")
        }
    }
}

/// Tells the `RequestGuard` what the HTTP handlers made of the bytes: a head, a
/// whole request, and our answer's end.
final class RequestPartsObserver: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let guardian: RequestGuard

    init(_ guardian: RequestGuard) {
        self.guardian = guardian
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: guardian.headRead()
        case .end: guardian.requestRead()
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { guardian.answered() }
        context.write(data, promise: promise)
    }
}
