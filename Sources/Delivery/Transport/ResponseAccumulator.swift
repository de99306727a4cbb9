/// Collects one transfer's header lines and body as curl hands them over,
/// holding at most `bodyCap` body bytes and `headerCap` header bytes.
///
/// Past the body cap the write callback aborts the transfer (curl then reports
/// CURLE_WRITE_ERROR and closes the connection) rather than reading on and
/// discarding: a gateway's answer that matters is a few hundred bytes, and a
/// peer streaming megabytes is either broken or hostile, so we neither want to
/// spend the bandwidth and time until the total timeout nor keep that
/// connection for reuse. The response is still returned, marked `bodyTruncated`.
struct ResponseAccumulator {
    static let headerCap = 64 * 1024

    let bodyCap: Int
    private(set) var body: [UInt8] = []
    private(set) var bodyTruncated = false
    /// Lower-cased names; repeated fields joined with ", " as HTTP allows.
    private(set) var headers: [String: String] = [:]
    private var headerBytes = 0

    init(bodyCap: Int) {
        self.bodyCap = bodyCap
    }

    /// Returns the byte count to report back to curl: anything other than
    /// `chunk.count` makes curl abort the transfer.
    mutating func appendBody(_ chunk: UnsafeRawBufferPointer) -> Int {
        let room = bodyCap - body.count
        guard chunk.count > room else {
            body.append(contentsOf: chunk)
            return chunk.count
        }
        body.append(contentsOf: chunk.prefix(room))
        bodyTruncated = true
        return 0
    }

    /// One raw header line, CRLF included. A status line starts a new header
    /// block: after `100 Continue` or a proxy's answer only the last block counts.
    mutating func appendHeaderLine(_ raw: UnsafeRawBufferPointer) {
        let line = String(decoding: raw, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers = [:]
            headerBytes = 0
            return
        }
        headerBytes += raw.count
        guard headerBytes <= Self.headerCap, let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingWhitespace().lowercased()
        let value = String(line[line.index(after: colon)...].trimmingWhitespace())
        guard !name.isEmpty else { return }
        if let earlier = headers[name] {
            headers[name] = earlier + ", " + value
        } else {
            headers[name] = value
        }
    }

    /// Hands over what was received and starts empty for the next transfer,
    /// so a pooled handle does not keep the last body alive.
    mutating func take() -> (headers: [String: String], body: [UInt8], truncated: Bool) {
        defer { self = ResponseAccumulator(bodyCap: bodyCap) }
        return (headers, body, bodyTruncated)
    }
}

private extension Substring {
    func trimmingWhitespace() -> Substring {
        // Character.isWhitespace also covers "\r\n", which is one Character.
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return self[first...last]
    }
}
