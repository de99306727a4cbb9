/// Terminal columns, the one table for every aligned output (diagnostic carets,
/// `fmt`, `status` and `plan` tables): East Asian wide and fullwidth characters
/// take two columns, everything else one. Region names are Chinese, so a table
/// that counted characters would put every column after them out of line.
extension Unicode.Scalar {
    /// Two for the East Asian wide and fullwidth ranges (CJK, Hangul, kana,
    /// fullwidth forms, the common emoji blocks), one otherwise.
    public var displayWidth: Int {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}

extension StringProtocol {
    /// Terminal columns of the whole text.
    public var displayWidth: Int {
        unicodeScalars.reduce(0) { $0 + $1.displayWidth }
    }
}
