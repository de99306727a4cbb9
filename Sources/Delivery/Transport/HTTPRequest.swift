/// One HTTP request as a dialect builds it and the transport sends it.
/// Plain values, so dialects are tested without any network.
public struct HTTPRequest: Hashable, Sendable {
    public enum Method: String, Sendable { case get = "GET", post = "POST" }

    public var method: Method
    public var url: String
    /// In order; names as the dialect spells them.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// A PEM bundle to trust instead of the system's store, for a peer on a
    /// private PKI (a destination's `ca-file`). Per request, not per transport,
    /// so one transport serves destinations on different PKIs.
    public var caFile: String?

    public init(method: Method, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                caFile: String? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.caFile = caFile
    }

    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body && lhs.caFile == rhs.caFile
            && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(url)
        hasher.combine(body)
        hasher.combine(caFile)
        for header in headers {
            hasher.combine(header.name)
            hasher.combine(header.value)
        }
    }
}

/// What came back. The body is capped by the transport (a hostile or broken
/// server cannot make us hold more than the cap).
public struct HTTPResponse: Hashable, Sendable {
    public var status: Int
    /// Lower-cased names, in the order received.
    public var headers: [String: String]
    public var body: [UInt8]
    /// True when the body was longer than the cap and cut.
    public var bodyTruncated: Bool
    /// Seconds from the start of the transfer to its end.
    public var latency: Double

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = [], bodyTruncated: Bool = false, latency: Double = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyTruncated = bodyTruncated
        self.latency = latency
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
