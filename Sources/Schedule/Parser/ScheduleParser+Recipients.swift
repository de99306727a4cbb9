import LineLanguage

/// The campaign properties about recipients: `country`, `malformed-numbers`, `cap`.
extension ScheduleParser {
    mutating func readCountry(_ scanner: inout LineScanner) -> PropertyValue? {
        let hint = "an ISO code such as CN or HK, or a calling code such as +852"
        guard let token = expectWord(&scanner, "a country after 'country'", hint: hint) else { return nil }
        guard CallingCode(token.text) != nil else {
            bag.error("unknown country '\(token.text)'", at: token.location,
                      hint: Suggestion.didYouMean(token.text.uppercased(), among: Array(CallingCode.byISOCode.keys.sorted()))
                        ?? hint)
            return nil
        }
        guard expectEnd(&scanner) else { return nil }
        return .name(Located(token.text, at: token.location))
    }

    mutating func readTolerance(_ scanner: inout LineScanner) -> PropertyValue? {
        let hint = "e.g. 'malformed-numbers 10': how many malformed lines a list may have and still run"
        guard let token = expectWord(&scanner, "a number after 'malformed-numbers'", hint: hint) else { return nil }
        guard let count = Int(token.text), count >= 0 else {
            bag.error("'\(token.text)' is not a number of lines", at: token.location, hint: hint)
            return nil
        }
        guard expectEnd(&scanner) else { return nil }
        return .count(Located(count, at: token.location))
    }

    /// `people 6,255,007`: the rest of the line, with `,` (or `，`, `_`, a blank) grouping digits, as a
    /// census table writes it; a comma here is not a list separator.
    mutating func readPeople(_ scanner: inout LineScanner) -> PropertyValue? {
        let hint = "e.g. 'people 6,255,007': an estimate of the region's people, used before its list exists"
        guard let token = scanner.rest(literal: false) else {
            bag.error("expected a number of people after 'people'", at: scanner.endLocation, hint: hint)
            return nil
        }
        let digits = token.text.unicodeScalars.filter { !",，_ ".unicodeScalars.contains($0) }
        guard let count = Int(String(String.UnicodeScalarView(digits))), count >= 0, count <= 2_000_000_000 else {
            bag.error("'\(token.text)' is not a number of people", at: token.location, hint: hint)
            return nil
        }
        return .people(Located(count, at: token.location))
    }

    mutating func readCap(_ scanner: inout LineScanner) -> PropertyValue? {
        let hint = "e.g. 'cap sms 2 per day' or 'cap sms 5 per week'"
        guard let channelToken = expectWord(&scanner, "a channel after 'cap'", hint: hint),
              let channel = channel(channelToken) else { return nil }
        guard let countToken = expectWord(&scanner, "a number of sends", hint: hint) else { return nil }
        guard let count = Int(countToken.text), count > 0 else {
            bag.error("'\(countToken.text)' is not a positive number", at: countToken.location, hint: hint)
            return nil
        }
        guard let per = expectWord(&scanner, "'per'", hint: hint) else { return nil }
        guard per.text == "per" else {
            bag.error("expected 'per', found '\(per.text)'", at: per.location, hint: hint)
            return nil
        }
        guard let periodToken = expectWord(&scanner, "day or week", hint: hint) else { return nil }
        guard let period = FrequencyCap.Period(rawValue: periodToken.text) else {
            bag.error("unknown period '\(periodToken.text)'", at: periodToken.location, hint: "a cap is per day or per week")
            return nil
        }
        guard expectEnd(&scanner) else { return nil }
        return .cap(FrequencyCap(channel: channel.value, count: count, period: period, location: channelToken.location))
    }
}
