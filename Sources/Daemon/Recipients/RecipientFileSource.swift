import Foundation
import Outbox

/// Reads a region's phone list for the outbox, a slice at a time, from a byte
/// offset the outbox keeps with the broadcast's cursor: after a restart the read
/// resumes there without reading the millions of lines before it again.
/// Lines are one number each; blank lines and `#` comment lines are skipped.
public struct RecipientFileSource: RecipientSource, Sendable {
    public struct ReadError: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "cannot read the recipient list '\(path)'" }
    }

    private let chunkSize: Int

    public init(chunkSize: Int = 1 << 16) {
        self.chunkSize = chunkSize
    }

    public func read(list path: String, from token: Int64, limit: Int) throws -> RecipientSlice {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ReadError(path: path) }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: UInt64(max(0, token)))
            var recipients: [String] = []
            var pending: [UInt8] = []
            var consumed = token
            while recipients.count < limit {
                guard let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty else {
                    // The last line may lack its newline.
                    if let number = Self.number(in: pending[...]) { recipients.append(number) }
                    return RecipientSlice(recipients: recipients, next: consumed + Int64(pending.count), isEnd: true)
                }
                pending.append(contentsOf: chunk)
                var lineStart = pending.startIndex
                while recipients.count < limit, let newline = pending[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                    if let number = Self.number(in: pending[lineStart..<newline]) { recipients.append(number) }
                    lineStart = newline + 1
                }
                consumed += Int64(lineStart)
                pending.removeSubrange(..<lineStart)
            }
            let atEnd = try pending.allSatisfy { $0 == UInt8(ascii: "\n") } && handle.read(upToCount: 1)?.isEmpty != false
            return RecipientSlice(recipients: recipients, next: consumed, isEnd: atEnd && pending.isEmpty)
        } catch let error as ReadError {
            throw error
        } catch {
            throw ReadError(path: path)
        }
    }

    /// The line's first word, unless the line is blank or a comment.
    static func number(in line: ArraySlice<UInt8>) -> String? {
        let word = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            .prefix { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") }
        guard let first = word.first, first != UInt8(ascii: "#") else { return nil }
        return String(decoding: word, as: UTF8.self)
    }
}
