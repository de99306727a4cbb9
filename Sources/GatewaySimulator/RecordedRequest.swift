import Foundation

/// One request as the simulator received it, for tests to assert on.
public struct RecordedRequest: Sendable {
    public var method: String
    /// Path and query, exactly as sent (`/cgi-bin/sendsms?username=…`).
    public var uri: String
    /// In the order received, names as sent.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Wall-clock seconds since 1970 when the request was complete, for tests of
    /// pacing (rate limits, quiet hours) against the daemon's clock.
    public var receivedAt: Double

    public init(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8],
                receivedAt: Double = Date().timeIntervalSince1970) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.receivedAt = receivedAt
    }

    public var path: Substring {
        uri.firstIndex(of: "?").map { uri[..<$0] } ?? uri[...]
    }

    /// The raw query string, without the `?`; nil when there is none.
    public var query: Substring? {
        uri.firstIndex(of: "?").map { uri[uri.index(after: $0)...] }
    }

    /// The first value of the header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
