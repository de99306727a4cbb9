import Foundation
import Schedule

/// Reads a phone list (a region's `sms` file, an `optout` file) as a stream:
/// one number a line, blank lines and `#` comments skipped, a `#` after a blank
/// starting a trailing comment. Each line is either a normalised number or a
/// malformed line with its position. The file is read a chunk at a time, so
/// memory does not grow with the list, and `offset` lets a later reader resume
/// just after the last line returned (the outbox keeps it with its cursor).
public final class PhoneListReader {
    public let path: String
    public let country: CallingCode
    /// The byte offset just after the last line returned (or skipped).
    public private(set) var offset: Int64
    /// The number of the last line read; counts from the `line` given at start.
    public private(set) var line: Int
    /// The last byte read from the file: not a newline at the end of a file
    /// still being written (or of one whose last line has no newline).
    public private(set) var lastByteRead: UInt8?

    private let handle: FileHandle
    private let chunkSize: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEndOfFile = false
    /// Bytes of the current line dropped beyond `longestLine`.
    private var dropped = 0

    /// A line longer than this is malformed whatever it holds; only this much of
    /// it is kept, so a file without newlines cannot fill the memory.
    public static let longestLine = 1_024
    /// A "line" longer than this is no phone list at all (a binary file, a file
    /// of one huge line): the read stops with an error instead of going on.
    public static let longestSkippedLine = 1 << 20

    /// The file as it was opened: compare with `currentIdentity()` after a read
    /// to know that the read saw one consistent file.
    public let identity: ListIdentity?

    /// `line` is the number of the line at `offset`, for positions in a resumed read.
    public init(path: String, country: CallingCode = .china, from offset: Int64 = 0, line: Int = 1,
                chunkSize: Int = 1 << 16) throws(PhoneListError) {
        let handle = try ListFile.openRegular(path)
        self.handle = handle
        identity = ListFile.identity(ofDescriptor: handle.fileDescriptor)
        self.path = path
        self.country = country
        self.offset = max(0, offset)
        self.line = line - 1
        self.chunkSize = max(1, chunkSize)
        do { try handle.seek(toOffset: UInt64(self.offset)) } catch { throw PhoneListError(path: path) }
    }

    /// The open file's identity now; differs from `identity` when it was
    /// rewritten, truncated or grown while it was read.
    public func currentIdentity() -> ListIdentity? { ListFile.identity(ofDescriptor: handle.fileDescriptor) }

    deinit { try? handle.close() }

    /// The next number or malformed line; nil at the end of the list.
    public func next() throws(PhoneListError) -> PhoneListEntry? {
        while let (start, end) = try nextLine() {
            line += 1
            let isFirstLine = offset == 0
            offset += Int64(end - start + dropped) + (end < buffer.count ? 1 : 0)
            position = min(end + 1, buffer.count)
            if dropped > 0 {
                dropped = 0
                return .malformed(MalformedLine(line: line, column: 1, problem: .tooLong))
            }
            var content = buffer[start..<end]
            if isFirstLine, content.starts(with: [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
            if let entry = entry(content) { return entry }
        }
        return nil
    }

    /// Bounds of the next line in `buffer`, without its newline; reads chunks as needed.
    private func nextLine() throws(PhoneListError) -> (Int, Int)? {
        var searchFrom = position
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) { return (position, newline) }
            if atEndOfFile { return position < buffer.count ? (position, buffer.count) : nil }
            if buffer.count - position > Self.longestLine {
                dropped += buffer.count - position - Self.longestLine
                buffer.removeSubrange((position + Self.longestLine)...)
                if dropped > Self.longestSkippedLine {
                    throw PhoneListError(path: path, reason: "line \(line + 1) is longer than \(Self.longestSkippedLine) bytes; "
                                            + "a phone list has one number a line")
                }
            }
            // A read of millions of lines runs inside a task; a shutdown must not wait for its end.
            if Task.isCancelled { throw PhoneListError(path: path, reason: "the read was cancelled") }
            buffer.removeSubrange(..<position)
            position = 0
            searchFrom = buffer.count
            let chunk: Data?
            do { chunk = try handle.read(upToCount: chunkSize) } catch { throw PhoneListError(path: path) }
            if let chunk, !chunk.isEmpty {
                buffer.append(contentsOf: chunk)
                lastByteRead = chunk.last
            } else {
                atEndOfFile = true
            }
        }
    }

    private func entry(_ content: ArraySlice<UInt8>) -> PhoneListEntry? {
        let isBlank = { (byte: UInt8) in PhoneNumber.isBlank(byte) || byte == UInt8(ascii: "\r") }
        guard let first = content.firstIndex(where: { !isBlank($0) }), content[first] != UInt8(ascii: "#")
        else { return nil }
        var end = content.endIndex
        if let comment = content[first...].indices.first(where: {
            content[$0] == UInt8(ascii: "#") && isBlank(content[$0 - 1])
        }) { end = comment }
        while end > first, isBlank(content[end - 1]) { end -= 1 }
        let number = content[first..<end]
        let column = content[..<first].count { $0 & 0xC0 != 0x80 } + 1
        switch PhoneNumber.parse(number, country: country) {
        case .success(let phone):
            return .number(phone)
        case .failure(let problem):
            var at = column
            if case .unexpectedCharacter(let offset) = problem { at += offset - 1 }
            return .malformed(MalformedLine(line: line, column: at, problem: problem))
        }
    }
}

public enum PhoneListEntry: Hashable, Sendable {
    case number(PhoneNumber)
    case malformed(MalformedLine)
}

/// A line of a phone list that is not a number; the line itself is not kept.
public struct MalformedLine: Hashable, Sendable {
    public var line: Int
    public var column: Int
    public var problem: PhoneNumberProblem

    public init(line: Int, column: Int, problem: PhoneNumberProblem) {
        self.line = line
        self.column = column
        self.problem = problem
    }
}

public struct PhoneListError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    /// What went wrong, when more is known than "cannot read".
    public var reason: String?

    public init(path: String, reason: String? = nil) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot read the phone list '\(path)'" + (reason.map { ": " + $0 } ?? "") }
}
