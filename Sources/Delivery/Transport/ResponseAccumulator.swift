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
    /// Works on bytes, as this runs for every header of every transfer.
    mutating func appendHeaderLine(_ raw: UnsafeRawBufferPointer) {
        let line = raw.trimmingASCIISpace()
        if line.starts(with: "HTTP/".utf8) {
            headers = [:]
            headerBytes = 0
            return
        }
        headerBytes += raw.count
        guard headerBytes <= Self.headerCap, let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let nameBytes = UnsafeRawBufferPointer(rebasing: line[..<colon]).trimmingASCIISpace()
        guard !nameBytes.isEmpty else { return }
        let name = String(decoding: nameBytes, as: UTF8.self).lowercased()
        let value = String(decoding: UnsafeRawBufferPointer(rebasing: line[(colon + 1)...]).trimmingASCIISpace(), as: UTF8.self)
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

private extension UnsafeRawBufferPointer {
    func trimmingASCIISpace() -> Slice<UnsafeRawBufferPointer> {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return self[0..<0] }
        let last = lastIndex(where: { !isSpace($0) })!
        return self[first...last]
    }
}

private extension Slice<UnsafeRawBufferPointer> {
    func trimmingASCIISpace() -> Slice<UnsafeRawBufferPointer> {
        UnsafeRawBufferPointer(rebasing: self).trimmingASCIISpace()
    }
}
