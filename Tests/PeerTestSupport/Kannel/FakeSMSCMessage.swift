import Foundation

/// One line fakesmsc prints for a message from bearerbox:
/// `Got message 1: <96110 +8613800000001 ucs-2 0%10l_...>`, the text URL-encoded
/// in the coding bearerbox chose (UTF-16BE for `ucs-2`).
public struct FakeSMSCMessage: Equatable, Sendable {
    public var sender: String
    public var receiver: String
    public var coding: String
    public var text: String

    public init?(line: Substring) {
        guard let open = line.range(of: ": <"), let close = line.lastIndex(of: ">"), line.contains("Got message") else { return nil }
        let fields = line[open.upperBound..<close].split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        guard fields.count == 4 else { return nil }
        sender = String(fields[0])
        receiver = String(fields[1])
        coding = String(fields[2])
        let bytes = Self.percentDecoded(fields[3])
        switch coding {
        case "ucs-2":
            let units = stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            text = String(decoding: units, as: UTF16.self)
        default:
            text = String(decoding: bytes, as: UTF8.self)
        }
    }

    /// fakesmsc encodes with `+` for space and `%XX` for everything else.
    static func percentDecoded(_ encoded: Substring) -> [UInt8] {
        var bytes: [UInt8] = []
        var iterator = encoded.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return bytes }
                bytes.append(value)
            default:
                bytes.append(byte)
            }
        }
        return bytes
    }
}
