import CivilDate
import Foundation

/// An instant as the outbox stores it (seconds since 1970 UTC), written in JSON
/// as RFC 3339 UTC text (`2021-02-09T12:00:00Z`) so a reader needs no epoch maths.
struct Timestamp: Hashable, Sendable, Codable, Comparable {
    var seconds: Int64

    init(_ seconds: Int64) {
        self.seconds = seconds
    }

    var date: Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    var rfc3339: String { CivilTime.iso8601(secondsSince1970: seconds, utcOffset: 0) }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = try? Date(text, strategy: .iso8601) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an RFC 3339 UTC time")
        }
        seconds = Int64(date.timeIntervalSince1970)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }

    static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }
}
