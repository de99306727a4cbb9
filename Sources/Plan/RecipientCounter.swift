import Foundation

/// Counts the recipients in recipient files: lines that are neither blank nor
/// `#` comments. Files are read as a stream in fixed-size chunks (a province's
/// list is millions of lines), each at most once per counter.
public struct RecipientCounter: Sendable {
    private var counts: [String: Int?] = [:]

    public init() {}

    /// The number of recipients in the file at `path`, or nil when it cannot be read.
    public mutating func count(atPath path: String) -> Int? {
        if let known = counts[path] { return known }
        let counted = RecipientCounter.countLines(atPath: path)
        counts[path] = counted
        return counted
    }

    static func countLines(atPath path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var scanner = LineScanner()
        do {
            while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
                chunk.withUnsafeBytes { scanner.scan($0) }
            }
        } catch {
            return nil
        }
        return scanner.finish()
    }
}

/// A byte-level state machine over one line at a time, so a chunk boundary
/// may fall anywhere, even inside a multi-byte character.
private struct LineScanner {
    private enum State { case leadingBlanks, counted, comment }
    private var state = State.leadingBlanks
    private var lines = 0

    mutating func scan(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            switch (state, byte) {
            case (_, UInt8(ascii: "\n")):
                state = .leadingBlanks
            case (.leadingBlanks, UInt8(ascii: " ")), (.leadingBlanks, UInt8(ascii: "\t")), (.leadingBlanks, UInt8(ascii: "\r")):
                break
            case (.leadingBlanks, UInt8(ascii: "#")):
                state = .comment
            case (.leadingBlanks, _):
                state = .counted
                lines += 1
            case (.counted, _), (.comment, _):
                break
            }
        }
    }

    func finish() -> Int { lines }
}
