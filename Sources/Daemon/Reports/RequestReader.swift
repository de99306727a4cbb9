import NIOCore
import NIOHTTP1

/// Gathers one HTTP request from its parts, refusing it as soon as it is larger
/// than allowed: by its Content-Length before any body arrives, or by what arrived.
struct RequestReader {
    enum Step {
        case incomplete
        case tooLarge
        case complete(ReportRequest, keepAlive: Bool)
    }

    let maximumBytes: Int
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(maximumBytes: Int) {
        self.maximumBytes = maximumBytes
    }

    mutating func read(_ part: HTTPServerRequestPart) -> Step {
        switch part {
        case .head(let head):
            if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > maximumBytes { return .tooLarge }
            if head.uri.utf8.count > maximumBytes { return .tooLarge }
            self.head = head
            body.removeAll(keepingCapacity: true)
            return .incomplete
        case .body(let chunk):
            guard body.count + chunk.readableBytes <= maximumBytes else { return .tooLarge }
            body.append(contentsOf: chunk.readableBytesView)
            return .incomplete
        case .end:
            guard let head else { return .incomplete }
            self.head = nil
            let method: ReportRequest.Method = switch head.method {
            case .GET: .get
            case .POST: .post
            default: .other
            }
            let request = ReportRequest(method: method, target: head.uri,
                                        contentType: head.headers.first(name: "content-type"), body: body)
            return .complete(request, keepAlive: head.isKeepAlive)
        }
    }
}
