import SMSText
import Testing

struct SMSMeasureTests {
    static let han = "中"
    static let emoji = "😀"

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var encoding: SMSEncoding
        var units: Int
        var segments: Int
        var testDescription: String { name }
    }

    static func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }

    @Test(arguments: [
        Case(name: "empty", text: "", encoding: .gsm7, units: 0, segments: 1),
        Case(name: "160 GSM fit one", text: repeated("a", 160), encoding: .gsm7, units: 160, segments: 1),
        Case(name: "161 GSM need two", text: repeated("a", 161), encoding: .gsm7, units: 161, segments: 2),
        Case(name: "306 GSM fill two parts", text: repeated("a", 306), encoding: .gsm7, units: 306, segments: 2),
        Case(name: "307 GSM need three", text: repeated("a", 307), encoding: .gsm7, units: 307, segments: 3),
        Case(name: "GSM accents and Greek", text: "Ça été Δ@£¥§¿ñ", encoding: .gsm7, units: 14, segments: 1),
        Case(name: "extension chars count two", text: repeated("€", 80), encoding: .gsm7, units: 160, segments: 1),
        Case(name: "one extension char tips over", text: repeated("a", 159) + "^", encoding: .gsm7, units: 161, segments: 2),
        Case(name: "escape pair not split", text: repeated("a", 152) + "{" + repeated("a", 152), encoding: .gsm7,
             units: 306, segments: 3),
        Case(name: "lowercase ç is not GSM", text: "ça", encoding: .ucs2, units: 2, segments: 1),
        Case(name: "70 UCS-2 fit one", text: repeated(han, 70), encoding: .ucs2, units: 70, segments: 1),
        Case(name: "71 UCS-2 need two", text: repeated(han, 71), encoding: .ucs2, units: 71, segments: 2),
        Case(name: "134 UCS-2 fill two parts", text: repeated(han, 134), encoding: .ucs2, units: 134, segments: 2),
        Case(name: "135 UCS-2 need three", text: repeated(han, 135), encoding: .ucs2, units: 135, segments: 3),
        Case(name: "one Chinese char makes all UCS-2", text: repeated("a", 69) + han, encoding: .ucs2, units: 70, segments: 1),
        Case(name: "emoji is two units", text: repeated(han, 68) + emoji, encoding: .ucs2, units: 70, segments: 1),
        Case(name: "emoji at the boundary moves to the next part", text: repeated(han, 66) + emoji + repeated(han, 66),
             encoding: .ucs2, units: 134, segments: 3),
        Case(name: "emoji just inside the boundary", text: repeated(han, 65) + emoji + repeated(han, 67),
             encoding: .ucs2, units: 134, segments: 2),
    ])
    func countsUnitsAndSegments(_ example: Case) {
        let measure = SMSMeasure(example.text)
        #expect(measure.encoding == example.encoding)
        #expect(measure.units == example.units)
        #expect(measure.segments == example.segments)
    }

    @Test func theLaunchSMSIsUCS2() {
        let text = "【江西公安】\"春风\"行动今晚启动。公检法不会电话要求转账，接到96110来电请务必接听。"
        #expect(SMSMeasure(text) == SMSMeasure(encoding: .ucs2, units: text.utf16.count, segments: 1))
    }
}
