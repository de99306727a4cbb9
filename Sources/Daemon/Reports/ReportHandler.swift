import Logging
import Outbox
import Schedule

/// Answers one callback: route and parse it, record a delivery report's
/// handset outcome, decide, and write an opt-out to the outbox through the
/// daemon's one connection. Logs say what happened with
/// the number masked; nothing logged holds the token or the request's path.
/// A refusal is not logged here but returned with the answer: the listener logs
/// all its refusals through one `RefusalLog`, at a bounded rate.
public struct ReportHandler: Sendable {
    public struct Response: Hashable, Sendable {
        public var status: Int
        public var body: String
        /// Why the callback was refused, for the listener's log; nil when it was not.
        public var refusal: Refusal?
        public var contentType: String

        public init(status: Int, body: String, refusal: Refusal? = nil, contentType: String = "text/plain; charset=utf-8") {
            self.status = status
            self.body = body
            self.refusal = refusal
            self.contentType = contentType
        }
    }

    let token: String
    let rules: ReportDecision.Rules
    let recorder: OptOutRecorder
    /// Handset outcomes of delivery reports; nil records none.
    let receipts: ReceiptRecorder?
    /// The calling code of a reply's sender written without one: the campaigns'
    /// `country` when they all agree, else +86.
    let country: @Sendable () async -> CallingCode
    let logger: Logger

    public init(token: String, rules: ReportDecision.Rules, recorder: OptOutRecorder, receipts: ReceiptRecorder? = nil,
                country: @escaping @Sendable () async -> CallingCode, logger: Logger) {
        self.token = token
        self.rules = rules
        self.recorder = recorder
        self.receipts = receipts
        self.country = country
        self.logger = logger
    }

    public func handle(_ request: ReportRequest) async -> Response {
        let accepted: ReportRoutes.Accepted
        switch ReportRoutes.parse(request, token: token) {
        case .success(let value):
            accepted = value
        case .failure(let rejection):
            return Response(status: rejection.status, body: Self.statusText(rejection.status),
                            refusal: Refusal(kind: rejection.kind, detail: rejection.description))
        }
        if case .deliveryReport(let report) = accepted.report, let receipts {
            do {
                try await receipts.record(report)
            } catch {
                logger.error("cannot record a delivery report", metadata: ["gateway": "\(report.gateway)", "error": "\(error)"])
                return Response(status: 500, body: Self.statusText(500))
            }
        }
        switch ReportDecision.decide(accepted.report, rules: rules, country: await country()) {
        case .optOut(let phone, let source):
            do {
                try await recorder.add(phone, source: source)
            } catch {
                // 500 makes the gateway call again later, when the outbox may be writable.
                logger.error("cannot record an opt-out", metadata: ["phone": "\(maskedPhone(phone))", "error": "\(error)"])
                return Response(status: 500, body: Self.statusText(500))
            }
        case .ignore(let why):
            logger.debug("report callback needs nothing", metadata: ["why": "\(why)"])
        case .malformed(let why):
            return Response(status: 400, body: Self.statusText(400), refusal: Refusal(kind: "malformed", detail: why))
        }
        return Response(status: 200, body: accepted.answer)
    }

    static func statusText(_ status: Int) -> String {
        switch status {
        case 400: "bad request"
        case 404: "not found"
        case 405: "method not allowed"
        case 408: "request timeout"
        case 413: "request too large"
        case 431: "request head too large"
        default: "server error"
        }
    }
}
