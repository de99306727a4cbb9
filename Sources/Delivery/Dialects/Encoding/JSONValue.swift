import TextFormat

/// A JSON value that keeps object keys in the order written, so request bodies
/// are byte-for-byte predictable (tests compare them, signatures cover them).
enum JSONValue: Hashable, Sendable {
    case string(String)
    case integer(Int64)
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized == rhs.serialized }
    func hash(into hasher: inout Hasher) { hasher.combine(serialized) }

    /// Compact form: no spaces, non-ASCII text as UTF-8 (not `\u` escapes), `/` unescaped.
    var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    var bytes: [UInt8] { Array(serialized.utf8) }

    private func write(to out: inout String) {
        switch self {
        case .string(let text):
            JSONString.appendQuoted(text, to: &out)
        case .integer(let number):
            out += String(number)
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                JSONString.appendQuoted(member.key, to: &out)
                out += ":"
                member.value.write(to: &out)
            }
            out += "}"
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                element.write(to: &out)
            }
            out += "]"
        }
    }
}
