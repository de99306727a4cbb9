/// The replies that unsubscribe a number (`optout-keywords TD T 退订 STOP`).
/// A reply matches when, once trimmed, it is one of the words: ASCII letters in
/// any case, full-width forms (`ＴＤ`) read as their ASCII twins, and a trailing
/// full stop or exclamation mark ignored (`退订。`). A longer message that merely
/// contains a keyword ("TD是什么意思") is not an unsubscribe.
public struct OptOutKeywords: Hashable, Sendable, CustomStringConvertible {
    /// The convention Chinese carriers print under commercial SMS ("回T退订", "回TD退订"), plus STOP.
    public static let standard = OptOutKeywords(["TD", "T", "退订", "STOP"])

    /// In their normal form (see `normalized`), in the order written.
    public let words: [String]

    public init(_ words: [String]) {
        var seen = Set<String>()
        self.words = words.map(Self.normalized).filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    public func matches(_ reply: String) -> Bool {
        let normal = Self.normalized(reply)
        return !normal.isEmpty && words.contains(normal)
    }

    public var description: String { words.joined(separator: " ") }

    /// Full-width ASCII (U+FF01–U+FF5E) folded to ASCII, ideographic spaces to blanks,
    /// blanks and trailing `.。!！` trimmed, ASCII letters upper-cased.
    static func normalized(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }
            if value == 0x3000 { value = 0x20 }
            if (0x61...0x7A).contains(value) { value -= 0x20 }
            scalars.append(Unicode.Scalar(value) ?? scalar)
        }
        var folded = String(scalars)
        let trailing: Set<Character> = [".", "。", "!", "！"]
        while let last = folded.last, last.isWhitespace || trailing.contains(last) { folded.removeLast() }
        while let first = folded.first, first.isWhitespace { folded.removeFirst() }
        return folded
    }
}
