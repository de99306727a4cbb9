import Foundation
import Outbox

/// The callback URLs the report listener answers, all below the token:
///
///     GET|POST /TOKEN/kannel/dlr?gateway=NAME&id=…&to=…&type=%d&answer=%A   (Kannel dlr-url)
///     GET|POST /TOKEN/kannel/mo?from=%p&text=%a                          (smsbox sms-service get-url)
///     POST     /TOKEN/jasmin/dlr?gateway=NAME&id=…&to=…   form: message_status, err, …
///     POST     /TOKEN/jasmin/mo                            form: from, to, content, binary, coding
///     POST     /TOKEN/http/mo         JSON or form: from (or From), text (or Body, content)
///
/// Query and body fields are read together (the query wins, since it holds what
/// we wrote ourselves). A wrong token and an unknown route get the same 404, so
/// a caller cannot tell a good token from a bad one.
public enum ReportRoutes {
    public struct Accepted: Hashable, Sendable {
        public var report: InboundReport
        /// Jasmin retries a callback whose answer does not start with `ACK/Jasmin`.
        public var answer: String
    }

    public static func parse(_ request: ReportRequest, token: String) -> Result<Accepted, ReportRejection> {
        let segments = request.pathSegments
        guard segments.count == 3, TokenComparison.equal(segments[0], token) else { return .failure(.init(.notFound)) }
        guard request.method != .other else { return .failure(.init(.methodNotAllowed)) }
        let form = bodyFields(request)
        let fields = request.query.merging(form, uniquingKeysWith: { query, _ in query })
        let result: Result<InboundReport, ReportRejection>
        switch (segments[1], segments[2]) {
        case ("kannel", "dlr"): result = kannelReport(fields)
        case ("kannel", "mo"): result = kannelReply(fields)
        case ("jasmin", "dlr"): result = jasminReport(fields, form: form)
        case ("jasmin", "mo"): result = jasminReply(fields)
        case ("http", "mo"): result = genericReply(fields)
        default: return .failure(.init(.notFound))
        }
        let answer = segments[1] == "jasmin" ? "ACK/Jasmin" : "ok"
        return result.map { Accepted(report: $0, answer: answer) }
    }

    /// The route for the listener's metrics: `kannel_dlr`, `jasmin_mo`, …, or
    /// `unknown` (a wrong token among them, which never appears in the label).
    static func routeLabel(_ request: ReportRequest, token: String) -> String {
        let segments = request.pathSegments
        guard segments.count == 3, TokenComparison.equal(segments[0], token) else { return "unknown" }
        let known = ["kannel": ["dlr", "mo"], "jasmin": ["dlr", "mo"], "http": ["mo"]]
        guard known[segments[1]]?.contains(segments[2]) == true else { return "unknown" }
        return "\(segments[1])_\(segments[2])"
    }

    static func bodyFields(_ request: ReportRequest) -> [String: String] {
        guard !request.body.isEmpty else { return [:] }
        if request.isJSON || request.body.first == UInt8(ascii: "{") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else { return [:] }
            return object.compactMapValues { value in
                if let text = value as? String { return text }
                if let number = value as? NSNumber { return number.stringValue }
                return nil
            }
        }
        return FormDecoding.fields(request.body)
    }

    private static func required(_ fields: [String: String], _ names: String...) -> Result<String, ReportRejection> {
        for name in names {
            if let value = fields[name], !value.trimmingCharacters(in: .whitespaces).isEmpty { return .success(value) }
        }
        return .failure(.init(.malformed("no '\(names[0])'")))
    }

    /// Our own fields: which gateway, which delivery, which number. `id` is
    /// ours (`msg_…`) because the query wins over the body.
    private static func ourReport(_ fields: [String: String], statuses: [String], handset: HandsetOutcome?,
                                  error: String?, gatewayMessageID: String? = nil) -> Result<InboundReport, ReportRejection> {
        required(fields, "gateway").flatMap { gateway in
            required(fields, "to").map { to in
                .deliveryReport(.init(gateway: gateway, deliveryID: fields["id"], recipient: to, statuses: statuses,
                                      handset: handset, error: error, gatewayMessageID: gatewayMessageID))
            }
        }
    }

    /// `type` is Kannel's DLR type (1 delivered, 2 failed, 4 buffered, 8 SMSC
    /// accepted, 16 SMSC rejected); `answer` the SMSC's text, an SMPP receipt
    /// (`id:… stat:UNDELIV err:0008 text:…`) or whatever the SMSC said. The
    /// receipt's `stat:` names the handset outcome more exactly (EXPIRED is a
    /// type 2) and wins over the type.
    static func kannelReport(_ fields: [String: String]) -> Result<InboundReport, ReportRejection> {
        var type: Int?
        if let text = fields["type"] {
            guard let value = Int(text) else { return .failure(.init(.malformed("'type' is not a Kannel DLR type"))) }
            type = value
        }
        let answer = fields["answer"] ?? ""
        let byType: [Int: HandsetOutcome] = [1: .delivered, 2: .failed, 16: .rejected]
        let handset = receiptField("stat:", in: answer).flatMap(HandsetOutcome.init(receiptState:)) ?? type.flatMap { byType[$0] }
        return ourReport(fields, statuses: receiptStatuses(answer), handset: handset, error: receiptField("err:", in: answer))
    }

    /// Jasmin posts its own message id as the form's `id`, which the query's
    /// `id` (ours) hides in `fields`: it is read from `form` alone. Level 1 is
    /// the SMSC's answer to the submit (`ESME_ROK`), level 2 the handset's receipt.
    static func jasminReport(_ fields: [String: String], form: [String: String] = [:]) -> Result<InboundReport, ReportRejection> {
        let statuses = [fields["message_status"], fields["err"]].compactMap { $0 }.filter { !$0.isEmpty }
        let handset = fields["level"] == "1" ? nil : fields["message_status"].flatMap(HandsetOutcome.init(receiptState:))
        let error = fields["err"].flatMap { $0.isEmpty ? nil : $0 }
        return ourReport(fields, statuses: statuses, handset: handset, error: error, gatewayMessageID: form["id"])
    }

    /// The value of one `label:` word of an SMPP receipt.
    static func receiptField(_ label: String, in answer: String) -> String? {
        answer.split(separator: " ").first { $0.lowercased().hasPrefix(label) && $0.count > label.count }
            .map { String($0.dropFirst(label.count)) }
    }

    /// smsbox's `%a` escape; with `mo-recode = true` in its group, UCS-2 replies
    /// (退订) arrive as UTF-8.
    static func kannelReply(_ fields: [String: String]) -> Result<InboundReport, ReportRejection> {
        required(fields, "from").flatMap { from in
            required(fields, "text").map { text in .reply(.init(sender: from, text: text)) }
        }
    }

    /// Jasmin sends `content` as raw bytes and `binary` as their hex; with
    /// `coding=8` they are UCS-2 (UTF-16BE), which `content` cannot carry as text.
    static func jasminReply(_ fields: [String: String]) -> Result<InboundReport, ReportRejection> {
        required(fields, "from").flatMap { from in
            if fields["coding"] == "8", let hex = fields["binary"] {
                guard let text = utf16BigEndian(hex: hex) else { return .failure(.init(.malformed("'binary' is not UCS-2 hex"))) }
                return .success(.reply(.init(sender: from, text: text)))
            }
            return required(fields, "content").map { .reply(.init(sender: from, text: $0)) }
        }
    }

    static func genericReply(_ fields: [String: String]) -> Result<InboundReport, ReportRejection> {
        required(fields, "from", "From").flatMap { from in
            required(fields, "text", "Body", "body", "content").map { .reply(.init(sender: from, text: $0)) }
        }
    }

    /// The `stat:` and `err:` values of an SMPP receipt; the whole answer when it has neither.
    static func receiptStatuses(_ answer: String) -> [String] {
        let statuses = ["stat:", "err:"].compactMap { receiptField($0, in: answer) }
        let trimmed = answer.trimmingCharacters(in: .whitespaces)
        return statuses.isEmpty && !trimmed.isEmpty ? [trimmed] : statuses
    }

    static func utf16BigEndian(hex: String) -> String? {
        let digits = Array(hex.utf8)
        guard digits.count % 4 == 0, !digits.isEmpty else { return nil }
        var units: [UInt16] = []
        for start in stride(from: 0, to: digits.count, by: 4) {
            guard let unit = UInt16(String(decoding: digits[start..<start + 4], as: UTF8.self), radix: 16) else { return nil }
            units.append(unit)
        }
        return String(decoding: units, as: UTF16.self)
    }
}
