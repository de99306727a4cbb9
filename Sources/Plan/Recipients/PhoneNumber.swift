import Schedule

/// A phone number in E.164 form (`+8613800000000`), the one form the outbox,
/// the opt-out table and the gateways see, whatever way a list wrote it.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    public let e164: String

    public var description: String { e164 }

    /// The digits after the `+` as one integer (at most 15 digits, so below
    /// 2^50): 8 bytes where the string takes 30 or more, for counting millions.
    public var digits: Int64 {
        e164.utf8.dropFirst().reduce(0) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
    }

    /// Digits in E.164: the calling code and the national number together.
    static let digitRange = 8...15
    static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// Written between digit groups: `138 0000 0000`, `138-0000-0000`, `(0791) …`.
    static func isSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"): true
        default: false
        }
    }

    /// Reads one number as a list line writes it (no comment, no surrounding blanks):
    /// `+86 138 0000 0000` and `0086…` carry their calling code; `13800000000`
    /// takes `country`'s, after dropping one leading trunk `0`. Mainland China
    /// (+86) numbers must be mobiles: 11 digits starting 13 to 19.
    public static func parse(_ text: some Collection<UInt8>, country: CallingCode = .china) -> Result<PhoneNumber, PhoneNumberProblem> {
        var digits: [UInt8] = []
        var international = false
        var column = 0
        for byte in text {
            let isContinuation = byte & 0xC0 == 0x80
            if !isContinuation { column += 1 }
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard digits.count <= digitRange.upperBound + 2 else { return .failure(.tooLong) }
                digits.append(byte)
            case UInt8(ascii: "+") where digits.isEmpty && !international:
                international = true
            case _ where isSeparator(byte):
                continue
            default:
                return .failure(.unexpectedCharacter(column: column))
            }
        }
        if !international, digits.starts(with: [UInt8(ascii: "0"), UInt8(ascii: "0")]) {
            international = true
            digits.removeFirst(2)
        }
        if !international {
            if country == .china, digits.count == 13, digits.starts(with: "86".utf8) {
                international = true
            } else {
                if digits.first == UInt8(ascii: "0") { digits.removeFirst() }
                digits.insert(contentsOf: country.digits.utf8, at: 0)
            }
        }
        guard digits.first != UInt8(ascii: "0") else { return .failure(.noCallingCode) }
        guard digits.count >= digitRange.lowerBound else { return .failure(.tooShort) }
        guard digits.count <= digitRange.upperBound else { return .failure(.tooLong) }
        if digits.starts(with: "86".utf8) {
            let national = digits.dropFirst(2)
            guard national.count == 11, national.first == UInt8(ascii: "1"),
                  (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(national[national.startIndex + 1])
            else { return .failure(.notMainlandMobile) }
        }
        return .success(PhoneNumber(e164: "+" + String(decoding: digits, as: UTF8.self)))
    }

    private init(e164: String) { self.e164 = e164 }
}

/// Why a line is not a phone number. The descriptions never quote the line:
/// phone lists are personal data and diagnostics end up in logs.
public enum PhoneNumberProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// A character that is neither a digit, a leading `+` nor a separator, at
    /// this column of the number (1 for its first character).
    case unexpectedCharacter(column: Int)
    case tooShort
    case tooLong
    /// After `+` or `00` comes a `0`: no calling code starts with one.
    case noCallingCode
    case notMainlandMobile

    public var description: String {
        switch self {
        case .unexpectedCharacter: "a character that is not a digit, a leading '+' or a separator ( -.() )"
        case .tooShort: "too few digits for a phone number"
        case .tooLong: "more than 15 digits with the calling code"
        case .noCallingCode: "no calling code after '+' or '00' (none starts with 0)"
        case .notMainlandMobile: "not a mainland mobile number (+86 and 11 digits starting 13 to 19)"
        }
    }
}
