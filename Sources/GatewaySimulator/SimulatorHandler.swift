import NIOCore
import NIOHTTP1

/// Per connection: collects each request, logs it, and plays the scripted answer.
final class SimulatorHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let log: RequestLog
    private let script: ResponseScript
    private let recordsRequests: Bool
    private let stop: StopAfter?
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?

    init(log: RequestLog, script: ResponseScript, recordsRequests: Bool, stop: StopAfter? = nil) {
        self.log = log
        self.script = script
        self.recordsRequests = recordsRequests
        self.stop = stop
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = nil
        case .body(var chunk):
            guard recordsRequests else { return }
            if body == nil {
                body = chunk
            } else {
                body!.writeBuffer(&chunk)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            let decision = stop?.decide() ?? .answer
            guard decision != .drop else {
                context.close(promise: nil)
                return
            }
            log.record(recordsRequests ? recorded(head) : nil, uri: head.uri[...])
            let path = head.uri.firstIndex(of: "?").map { head.uri[..<$0] } ?? head.uri[...]
            respond(script.next(method: head.method.rawValue, path: path), to: head, context: context)
            if decision == .answerThenStop { stop?.stop() }
        }
    }

    private func recorded(_ head: HTTPRequestHead) -> RecordedRequest {
        RecordedRequest(
            method: head.method.rawValue,
            uri: head.uri,
            headers: head.headers.map { (name: $0.name, value: $0.value) },
            body: body.map { Array($0.readableBytesView) } ?? []
        )
    }

    private func respond(_ response: SimulatedResponse, to request: HTTPRequestHead, context: ChannelHandlerContext) {
        switch response {
        case .status(let code, let headers, let text):
            let body = context.channel.allocator.buffer(string: text)
            writeHead(code, headers: headers, contentLength: body.readableBytes, for: request, context: context)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            writeEnd(keepAlive: request.isKeepAlive, context: context)
        case .resetMidResponse:
            resetMidResponse(for: request, context: context)
        case .hang:
            break
        case .slowBody(let text, let delay):
            writeHead(200, headers: [:], contentLength: text.utf8.count, for: request, context: context)
            context.flush()
            writeSlowly(ArraySlice(text.utf8), every: .milliseconds(Int64(delay)), keepAlive: request.isKeepAlive, context: context)
        case .hugeBody(let bytes):
            writeHead(200, headers: [:], contentLength: bytes, for: request, context: context)
            writeHuge(remaining: bytes, keepAlive: request.isKeepAlive, context: context)
        }
    }

    func writeHead(_ code: Int, headers: [String: String], contentLength: Int, for request: HTTPRequestHead, context: ChannelHandlerContext) {
        var fields = HTTPHeaders(headers.map { ($0.key, $0.value) })
        fields.replaceOrAdd(name: "content-length", value: String(contentLength))
        if !request.isKeepAlive { fields.replaceOrAdd(name: "connection", value: "close") }
        let head = HTTPResponseHead(version: request.version, status: HTTPResponseStatus(statusCode: code), headers: fields)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
    }

    func writeEnd(keepAlive: Bool, context: ChannelHandlerContext) {
        guard !keepAlive else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
