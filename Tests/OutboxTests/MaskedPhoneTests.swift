import Outbox
import Testing

struct MaskedPhoneTests {
    @Test(arguments: [
        ("13812345678", "138****5678"),
        ("+8613812345678", "+86138****5678"),
        ("+14155552671", "+141****2671"),
        ("12345", "***45"),
        ("", ""),
    ])
    func masksTheMiddle(number: String, expected: String) {
        #expect(maskedPhone(number) == expected)
    }

    @Test func keepsNoMoreThanSevenDigitsOfAMobileNumber() {
        let masked = maskedPhone("+8613812345678")
        #expect(!masked.contains("1234"))
        #expect(masked.filter(\.isNumber).count == 2 + 7)
    }
}
