/// Where a gateway sends delivery reports for a message: the daemon's report
/// listener (`reports` in broadcastd.conf). Every URL starts with the listener's
/// token and names the gateway, and each message's URL adds its delivery id and
/// its recipient (E.164 digits without `+`, which a query would read as a blank),
/// so a report needs no lookup to say which number it is about.
///
/// The URL holds the token: it goes to the gateway on the wire and nowhere else.
public struct ReportCallback: Hashable, Sendable {
    /// `http://127.0.0.1:8471`.
    public var baseURL: String
    public var token: String
    /// The gateway's name in broadcastd.conf.
    public var gateway: String

    public init(baseURL: String, token: String, gateway: String) {
        self.baseURL = baseURL
        self.token = token
        self.gateway = gateway
    }

    /// `…/TOKEN/kannel/dlr?gateway=NAME&id=msg_…&to=8613800000001`, then `extra`
    /// appended verbatim (Kannel's `%d` and `%A` escapes must reach Kannel as written).
    public func url(dialect: String, for message: OutgoingMessage, extra: String = "") -> String {
        var fields: [(name: String, value: String)] = [("gateway", gateway), ("id", message.deliveryID)]
        if let recipient = message.recipient {
            fields.append(("to", recipient.hasPrefix("+") ? String(recipient.dropFirst()) : recipient))
        }
        let path = "\(baseURL)/\(PercentEncoding.encode(token))/\(dialect)/dlr"
        return PercentEncoding.appending(fields, to: path) + extra
    }
}
