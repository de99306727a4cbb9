#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The top-level scalar fields of a JSON object answer, read leniently: bots
/// answer `{"errcode":0,"errmsg":"ok"}` and gateways `{"sid":"SM…",…}`; nested
/// values and other types are skipped rather than failing the whole answer.
struct JSONFields: Decodable {
    private(set) var integers: [String: Int] = [:]
    private(set) var strings: [String: String] = [:]

    /// Nil when the body is not a JSON object.
    init?(_ body: [UInt8]) {
        guard let fields = try? JSONDecoder().decode(JSONFields.self, from: Data(body)) else { return nil }
        self = fields
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        for key in container.allKeys {
            if let number = try? container.decode(Int.self, forKey: key) {
                integers[key.stringValue] = number
            } else if let text = try? container.decode(String.self, forKey: key) {
                strings[key.stringValue] = text
            }
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }
}
