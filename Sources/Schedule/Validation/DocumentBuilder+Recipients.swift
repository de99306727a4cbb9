import LineLanguage

extension DocumentBuilder {
    /// `country`, `optout`, `malformed-numbers` and the `cap` lines, already
    /// checked one by one by the parser; a second cap for the same channel and
    /// period would leave the daemon guessing which one holds.
    mutating func addRecipientRules(_ properties: [String: Property], caps lines: [Property], to campaign: inout Campaign) {
        if case .name(let country)? = properties["country"]?.value, let code = CallingCode(country.value) {
            campaign.country = code
        }
        if case .file(let path)? = properties["optout"]?.value {
            campaign.optOutList = OptOutList(path: path.value,
                                             resolvedPath: ScheduleLoader.resolve(path.value, relativeTo: path.location.file),
                                             location: path.location)
        }
        if case .count(let count)? = properties["malformed-numbers"]?.value {
            campaign.malformedNumbersTolerated = count.value
        }
        for line in lines {
            guard case .cap(let cap) = line.value else { continue }
            if let earlier = campaign.caps.first(where: { $0.channel == cap.channel && $0.period == cap.period }) {
                bag.error("a second cap for \(cap.channel.rawValue) per \(cap.period.rawValue)", at: cap.location,
                          hint: "the first is at line \(earlier.location.line); keep one")
            } else {
                campaign.caps.append(cap)
            }
        }
    }
}
