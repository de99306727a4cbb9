/// A callback as the HTTP server read it: everything a report parser looks at,
/// with no I/O left, so every route is a pure function tested on its own.
public struct ReportRequest: Hashable, Sendable {
    public enum Method: String, Hashable, Sendable { case get = "GET", post = "POST", other }

    public var method: Method
    /// The request target: path and query, still percent-encoded.
    public var target: String
    /// `application/x-www-form-urlencoded`, `application/json`; nil when absent.
    public var contentType: String?
    public var body: [UInt8]

    public init(method: Method, target: String, contentType: String? = nil, body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.contentType = contentType
        self.body = body
    }

    /// The path's segments, percent-decoded; empty segments dropped.
    var pathSegments: [String] {
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return path.split(separator: "/").map { FormDecoding.percentDecoded(Substring($0), plusIsBlank: false) }
    }

    var query: [String: String] {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 ? FormDecoding.fields(parts[1]) : [:]
    }

    var isJSON: Bool { contentType?.lowercased().hasPrefix("application/json") ?? false }
}
