import LineLanguage

extension ScheduleParser {
    mutating func readValue(kind: StatementKind, key: String, keyIndent: Int,
                            _ scanner: inout LineScanner) -> PropertyValue? {
        switch (kind, key) {
        case (_, "set"):
            return readVariable(&scanner)
        case (.campaign, "starts"), (.campaign, "ends"), (.message, "from"), (.message, "until"):
            guard let token = expectWord(&scanner, "a date", hint: Self.dateExample), let date = date(token),
                  expectEnd(&scanner) else { return nil }
            return .date(Located(date, at: token.location))
        case (.campaign, "lasts"):
            return readLength(&scanner)
        case (.campaign, "timezone"), (.campaign, "sms-gateway"):
            let example = key == "timezone" ? "e.g. 'timezone Asia/Shanghai'" : "e.g. 'sms-gateway kannel-main'"
            guard let token = expectWord(&scanner, "a name after '\(key)'", hint: example), expectEnd(&scanner)
            else { return nil }
            return .name(Located(token.text, at: token.location))
        case (.campaign, "signature"):
            guard let text = scanner.rest(literal: false) else {
                bag.error("expected the signature text", at: scanner.endLocation, hint: "e.g. 'signature 【江西公安】'")
                return nil
            }
            return .literal(Located(text.text, at: text.location))
        case (.campaign, "quiet"):
            return readQuiet(&scanner)
        case (.campaign, "country"):
            return readCountry(&scanner)
        case (.campaign, "optout"):
            guard let path = expectWord(&scanner, "an opt-out file", hint: "e.g. 'optout recipients/optout.txt'"),
                  expectEnd(&scanner) else { return nil }
            return .file(Located(path.text, at: path.location))
        case (.campaign, "malformed-numbers"):
            return readTolerance(&scanner)
        case (.campaign, "cap"):
            return readCap(&scanner)
        case (.region, "sms"):
            return readRecipients(&scanner)
        case (.region, "people"):
            return readPeople(&scanner)
        case (.region, "webhook"):
            guard let names = readList(&scanner, "an endpoint name", hint: "e.g. 'webhook nanchang-police-wecom'",
                                       item: { _, token in Located(token.text, at: token.location) }),
                  expectEnd(&scanner) else { return nil }
            return .endpoints(names)
        case (.message, "at"), (.message, "every"):
            guard let rule = key == "at" ? readAt(&scanner) : readEvery(&scanner), expectEnd(&scanner) else { return nil }
            return .schedule(rule)
        case (.message, "except"):
            guard let ranges = readList(&scanner, "a date or a range like 2021-02-11..2021-02-17",
                                        item: { $0.dateRange($1) }),
                  expectEnd(&scanner) else { return nil }
            return .dates(ranges)
        case (.message, "to"):
            return readTargets(&scanner)
        case (.message, "via"):
            guard let channels = readList(&scanner, "a channel", hint: "e.g. 'via sms, webhook'",
                                          item: { $0.channel($1) }),
                  expectEnd(&scanner) else { return nil }
            return .channels(channels)
        default:
            return readText(key: key, keyIndent: keyIndent, &scanner).map(PropertyValue.text)
        }
    }

    private mutating func readVariable(_ scanner: inout LineScanner) -> PropertyValue? {
        guard let name = expectWord(&scanner, "a variable name after 'set'", hint: "e.g. 'set hotline 96110'")
        else { return nil }
        guard Self.isName(name.text) else {
            bag.error("'\(name.text)' is not a valid variable name", at: name.location,
                      hint: "use letters, digits, '-' and '_'")
            return nil
        }
        guard let value = scanner.rest(literal: false) else {
            bag.error("expected a value for '\(name.text)'", at: scanner.endLocation, hint: "e.g. 'set hotline 96110'")
            return nil
        }
        return .variable(name: Located(name.text, at: name.location), value: value.text)
    }

    private mutating func readLength(_ scanner: inout LineScanner) -> PropertyValue? {
        let hint = "e.g. 'lasts 3 months' (days, weeks or months)"
        guard let countToken = expectWord(&scanner, "a number after 'lasts'", hint: hint) else { return nil }
        guard let count = Int(countToken.text), count > 0, count <= 100_000 else {
            bag.error("'\(countToken.text)' is not a positive number", at: countToken.location, hint: hint)
            return nil
        }
        guard let unitToken = expectWord(&scanner, "days, weeks or months", hint: hint) else { return nil }
        guard let unit = Self.unit(unitToken.text, among: CampaignLength.Unit.allCases.map(\.rawValue))
                .flatMap(CampaignLength.Unit.init(rawValue:)) else {
            bag.error("unknown unit '\(unitToken.text)'", at: unitToken.location, hint: hint)
            return nil
        }
        guard expectEnd(&scanner) else { return nil }
        return .length(Located(CampaignLength(count: count, unit: unit), at: countToken.location))
    }

    /// `days` for `day` or `days`: the language accepts both numbers.
    static func unit(_ word: String, among plurals: [String]) -> String? {
        plurals.first { $0 == word || $0.dropLast() == word }
    }

    private mutating func readQuiet(_ scanner: inout LineScanner) -> PropertyValue? {
        let hint = "e.g. 'quiet 21:30-08:00 for sms'"
        guard var windows = readList(&scanner, "a window like 21:30-08:00", hint: hint, item: { $0.quietWindow($1) })
        else { return nil }
        if let word = scanner.peek(), word.text == "for" {
            _ = scanner.next()
            guard let channels = readList(&scanner, "a channel after 'for'", hint: hint, item: { $0.channel($1) })
            else { return nil }
            for index in windows.indices { windows[index].value.channels = Set(channels.map(\.value)) }
        }
        guard expectEnd(&scanner) else { return nil }
        return .quiet(windows)
    }

    private mutating func quietWindow(_ token: Token) -> Located<QuietWindow>? {
        let parts = token.text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Self.time(String(parts[0])), let end = Self.time(String(parts[1])) else {
            bag.error("'\(token.text)' is not a time window", at: token.location, hint: "expected a window like 21:30-08:00")
            return nil
        }
        guard start != end else {
            bag.error("the quiet window \(token.text) is empty", at: token.location,
                      hint: "a window runs from its first time up to its second, e.g. 21:30-08:00")
            return nil
        }
        return Located(QuietWindow(start: start, end: end, channels: Set(Channel.allCases)), at: token.location)
    }

    private mutating func readRecipients(_ scanner: inout LineScanner) -> PropertyValue? {
        let hint = "e.g. 'sms recipients/nanchang.txt via backup-gateway'"
        guard let path = expectWord(&scanner, "a recipients file", hint: hint) else { return nil }
        var gateway: Located<String>?
        if let via = scanner.peek(), via.text == "via" {
            _ = scanner.next()
            guard let name = expectWord(&scanner, "a gateway name after 'via'", hint: hint) else { return nil }
            gateway = Located(name.text, at: name.location)
        }
        guard expectEnd(&scanner) else { return nil }
        return .recipients(path: Located(path.text, at: path.location), gateway: gateway)
    }

    private mutating func readTargets(_ scanner: inout LineScanner) -> PropertyValue? {
        let hint = "e.g. 'to jiangxi/*' or 'to jiangxi/** except jiangxi/nanchang'"
        guard let include = readList(&scanner, "a region", hint: hint, item: { $0.selector($1) }) else { return nil }
        var exclude: [Located<RegionSelector>] = []
        if let word = scanner.peek(), word.text == "except" {
            _ = scanner.next()
            guard let list = readList(&scanner, "a region after 'except'", hint: hint, item: { $0.selector($1) })
            else { return nil }
            exclude = list
        }
        guard expectEnd(&scanner) else { return nil }
        return .targets(include: include, exclude: exclude)
    }

    private mutating func selector(_ token: Token) -> Located<RegionSelector>? {
        var pathToken = token
        let make: (RegionPath) -> RegionSelector
        if token.text.hasSuffix("/**") {
            pathToken.text = String(token.text.dropLast(3))
            make = RegionSelector.descendants
        } else if token.text.hasSuffix("/*") {
            pathToken.text = String(token.text.dropLast(2))
            make = RegionSelector.children
        } else {
            make = RegionSelector.region
        }
        return regionPath(pathToken).map { Located(make($0), at: token.location) }
    }
}
