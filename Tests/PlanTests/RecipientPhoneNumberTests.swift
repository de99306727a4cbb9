import Plan
import Schedule
import Testing

struct RecipientPhoneNumberTests {
    @Test(arguments: [
        ("13800000000", "+8613800000000"),
        ("138 0000 0000", "+8613800000000"),
        ("138-0000-0000", "+8613800000000"),
        ("138.0000.0000", "+8613800000000"),
        ("+86 138 0000 0000", "+8613800000000"),
        ("+86-138-0000-0000", "+8613800000000"),
        ("+8613800000000", "+8613800000000"),
        ("008613800000000", "+8613800000000"),
        ("0086 138 0000 0000", "+8613800000000"),
        ("8613800000000", "+8613800000000"),
        ("19912345678", "+8619912345678"),
        ("+852 9123 4567", "+85291234567"),
        ("00852 9123 4567", "+85291234567"),
        ("+1 (415) 555-0100", "+14155550100"),
    ])
    func normalisesEveryWayOfWritingANumber(written: String, e164: String) throws {
        let number = try PhoneNumber.parse(Array(written.utf8)).get()
        #expect(number.e164 == e164)
    }

    @Test(arguments: [
        ("1380000000", PhoneNumberProblem.notMainlandMobile),
        ("138000000001", .notMainlandMobile),
        ("12800000000", .notMainlandMobile),
        ("079186000000", .notMainlandMobile),
        ("+86 791 8600 0000", .notMainlandMobile),
        ("138O0000000", .unexpectedCharacter(column: 4)),
        ("138 0000 0000 ext 2", .unexpectedCharacter(column: 15)),
        ("138０0000000", .unexpectedCharacter(column: 4)),
        ("13800000000+", .unexpectedCharacter(column: 12)),
        ("++8613800000000", .unexpectedCharacter(column: 2)),
        ("+123", .tooShort),
        ("+1234567890123456", .tooLong),
        ("", .tooShort),
        ("+0086 138 0000 0000", .noCallingCode),
        ("000 138 0000 0000", .noCallingCode),
    ])
    func rejectsWhatIsNotAMobileNumber(written: String, problem: PhoneNumberProblem) {
        #expect(PhoneNumber.parse(Array(written.utf8)) == .failure(problem))
    }

    @Test func theCampaignCountryAppliesToNumbersWithoutACallingCode() throws {
        let hongKong = try #require(CallingCode("HK"))
        #expect(try PhoneNumber.parse(Array("9123 4567".utf8), country: hongKong).get().e164 == "+85291234567")
        // A leading trunk 0 is dropped before the calling code goes in front.
        let britain = try #require(CallingCode("+44"))
        #expect(try PhoneNumber.parse(Array("07700 900123".utf8), country: britain).get().e164 == "+447700900123")
        // A number with its own calling code keeps it.
        #expect(try PhoneNumber.parse(Array("+86 138 0000 0000".utf8), country: hongKong).get().e164 == "+8613800000000")
    }

    @Test func problemsNeverQuoteTheNumber() {
        let written = "138O0000000"
        guard case .failure(let problem) = PhoneNumber.parse(Array(written.utf8)) else {
            Issue.record("\(written.count) characters parsed as a number")
            return
        }
        #expect(!problem.description.contains("138"))
    }
}
