import Foundation

/// Reads schedule files from disk with short, readable reasons for failure.
public enum DiskReader {
    /// A schedule larger than this is refused rather than read into memory.
    public static let largestFile = 64 << 20

    public struct ReadError: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    @Sendable public static func read(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadError(reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw ReadError(reason: "it is a directory") }
        // Reading a FIFO would wait forever for a writer, a device would never end.
        if let kind = FileKind.irregular(atPath: path) { throw ReadError(reason: "it is \(kind), not a regular file") }
        guard FileManager.default.isReadableFile(atPath: path) else { throw ReadError(reason: "permission denied") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= largestFile else {
            throw ReadError(reason: "the file is \(size) bytes; the limit is \(largestFile)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ReadError(reason: "unreadable") }
        return Array(data)
    }
}
