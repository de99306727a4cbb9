import Delivery

/// A generic gateway's `header NAME VALUE` lines on top of what `GenericHTTP`
/// sends. A configured header replaces the dialect's header of the same name, so
/// a gateway that wants its own `Content-Type` gets only that one.
struct ConfiguredHeaders: Dialect {
    static let kind = GenericHTTP.kind

    var base: GenericHTTP
    var headers: [(name: String, value: PlaceholderTemplate)]

    var defaultRate: RateLimit { base.defaultRate }

    func request(for message: OutgoingMessage, now: Double) throws(DialectError) -> HTTPRequest {
        var request = try base.request(for: message, now: now)
        let replaced = Set(headers.map { $0.name.lowercased() })
        request.headers.removeAll { replaced.contains($0.name.lowercased()) }
        request.headers += headers.map { (name: $0.name, value: $0.value.render(message)) }
        return request
    }

    func verdict(for response: HTTPResponse, now: Double) -> Verdict {
        base.verdict(for: response, now: now)
    }
}
