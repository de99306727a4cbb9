import Outbox

/// How a recipient is stored where there is one row per person (`reached`,
/// `cap_counts`): `+8613812345678` as the integer 8613812345678, 6 bytes
/// instead of 14, and anything else (an endpoint name) as its text. Those
/// columns have no type, so SQLite keeps each as it is bound, and an integer
/// never equals a text.
enum PhoneKey {
    /// `+` and 1 to 18 digits, the first not 0 (E.164 and then some), as the
    /// integer of its digits; nil for anything else. Digits with a leading zero
    /// stay text, so two different texts never become one integer.
    static func integer(_ recipient: String) -> Int64? {
        let utf8 = recipient.utf8
        guard utf8.count >= 2, utf8.count <= 19, utf8.first == UInt8(ascii: "+") else { return nil }
        var value: Int64 = 0
        for (offset, byte) in utf8.dropFirst().enumerated() {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), offset > 0 || byte != UInt8(ascii: "0") else {
                return nil
            }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// The value to bind for `recipient`.
    static func bindable(_ recipient: String) -> Value {
        integer(recipient).map(Value.integer) ?? .text(recipient)
    }

    /// A recipient as bound: a concrete type, so binding it boxes nothing.
    enum Value: SQLBindable, Equatable {
        case integer(Int64)
        case text(String)

        func bind(to statement: Statement, at index: Int32) throws {
            switch self {
            case .integer(let number): try number.bind(to: statement, at: index)
            case .text(let text): try text.bind(to: statement, at: index)
            }
        }
    }
}
