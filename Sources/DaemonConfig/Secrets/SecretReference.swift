/// One `secret:NAME` inside a written value.
struct SecretReference: Hashable, Sendable {
    static let prefix = "secret:"

    var name: String
    /// Offset, in Unicode scalars from the start of the value, of the `s` of `secret:`;
    /// added to the value's column to point a diagnostic at the reference.
    var offset: Int
    /// The scalar range of the whole `secret:NAME` in the value.
    var range: Range<Int>

    /// Characters a name may hold: those systemd allows in credential names,
    /// minus the ones that end a reference inside a URL or JSON (`&`, `"`, `/`).
    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": return true
        default: return false
        }
    }

    /// Every reference in `text`, left to right. A `secret:` with no name after it
    /// is returned with an empty name, for the parser to report.
    static func scan(_ text: String) -> [SecretReference] {
        let scalars = Array(text.unicodeScalars)
        let prefixScalars = Array(prefix.unicodeScalars)
        var found: [SecretReference] = []
        var index = 0
        while index + prefixScalars.count <= scalars.count {
            guard scalars[index..<index + prefixScalars.count].elementsEqual(prefixScalars) else {
                index += 1
                continue
            }
            var end = index + prefixScalars.count
            while end < scalars.count, isNameScalar(scalars[end]) { end += 1 }
            let name = String(String.UnicodeScalarView(scalars[(index + prefixScalars.count)..<end]))
            found.append(SecretReference(name: name, offset: index, range: index..<end))
            index = end
        }
        return found
    }

    /// Why a name cannot be used as a file name in a secrets folder, if it cannot.
    static func problem(withName name: String) -> String? {
        if name.isEmpty { return "expected a secret name after 'secret:'" }
        if name == "." || name == ".." { return "'\(name)' is not a secret name" }
        return nil
    }
}
