import CivilDate
import Foundation
import LineLanguage

/// Builds the document from the statements of every file, in reading order,
/// and checks what a single line cannot: names, the region tree, dates
/// against the campaign, texts against channels and variables.
struct DocumentBuilder {
    static let builtInVariables = ["region", "region.path", "campaign", "date"]

    var bag: DiagnosticBag
    let rootFile: String
    let rootIsEmpty: Bool
    var references: [NameReference] = []

    init(bag: DiagnosticBag, rootFile: String, rootIsEmpty: Bool) {
        self.bag = bag
        self.rootFile = rootFile
        self.rootIsEmpty = rootIsEmpty
    }

    mutating func build(_ statements: [Statement], files: [String]) -> ScheduleDocument? {
        let campaign = buildCampaign(statements)
        let regions = buildRegions(statements)
        if let campaign, campaign.smsGateway == nil {
            for region in regions where region.sms != nil && region.sms?.gateway == nil {
                bag.error("region '\(region.path)' has an SMS list but no gateway to send it through",
                          at: region.sms!.location,
                          hint: "add 'sms-gateway NAME' to the campaign, or 'via NAME' after the file")
            }
        }
        let messages = buildMessages(statements, campaign: campaign, regions: RegionIndex(regions))
        guard let campaign else { return nil }
        return ScheduleDocument(campaign: campaign, regions: regions, messages: messages, files: files,
                                references: references)
    }

    /// The first of each key, reporting repeats of keys that may appear once.
    mutating func firstOfEach(_ properties: [Property], repeatable: Set<String>) -> [String: Property] {
        var first: [String: Property] = [:]
        for property in properties {
            if let earlier = first[property.key] {
                if !repeatable.contains(property.key) {
                    bag.error("'\(property.key)' is given twice", at: property.location,
                              hint: "the first is at line \(earlier.location.line); keep one")
                }
            } else {
                first[property.key] = property
            }
        }
        return first
    }

    /// `set` lines into a dictionary, reporting repeats and built-in names.
    mutating func variables(_ properties: [Property]) -> [String: String] {
        var variables: [String: String] = [:]
        var places: [String: SourceLocation] = [:]
        for property in properties {
            guard case .variable(let name, let value) = property.value else { continue }
            if Self.builtInVariables.contains(name.value) {
                bag.error("'\(name.value)' is a built-in variable", at: name.location, hint: "choose another name")
            } else if let earlier = places[name.value] {
                bag.error("variable '\(name.value)' is set twice", at: name.location,
                          hint: "the first is at line \(earlier.line); keep one")
            } else {
                variables[name.value] = value
                places[name.value] = name.location
            }
        }
        return variables
    }

    private mutating func buildCampaign(_ statements: [Statement]) -> Campaign? {
        let campaigns = statements.filter { if case .campaign = $0.head { return true } else { return false } }
        guard let statement = campaigns.first, case .campaign(let name, let title) = statement.head else {
            let start = SourceLocation(file: rootFile, line: 1, column: 1)
            if rootIsEmpty {
                bag.error("the schedule is empty", at: start, hint: "a schedule starts with 'campaign NAME TITLE'")
            } else if !bag.hasErrors {
                bag.error("no 'campaign' statement", at: start, hint: "add 'campaign NAME TITLE' with its 'starts' and 'timezone'")
            }
            return nil
        }
        for extra in campaigns.dropFirst() {
            bag.error("a second 'campaign' statement", at: extra.location,
                      hint: "one campaign per schedule; the first is at \(statement.location)")
        }
        let properties = firstOfEach(statement.properties, repeatable: ["quiet", "set", "cap"])
        let starts = date(properties["starts"])
        if starts == nil && properties["starts"] == nil && !statement.unreadKeys.contains("starts") {
            bag.error("campaign '\(name.value)' has no 'starts'", at: name.location, hint: "add e.g. 'starts 2021-02-09'")
        }
        let ends = campaignEnd(properties, starts: starts, name: name)
        let timeZone = checkedTimeZone(properties["timezone"], name: name, unread: statement.unreadKeys.contains("timezone"))
        let quiet = statement.properties.flatMap { property -> [QuietWindow] in
            if case .quiet(let windows) = property.value { return windows.map(\.value) }
            return []
        }
        let signature: String? = if case .literal(let text)? = properties["signature"]?.value { text.value } else { nil }
        var gateway: String?
        if case .name(let name)? = properties["sms-gateway"]?.value {
            gateway = name.value
            references.append(NameReference(kind: .gateway, name: name.value, location: name.location))
        }
        let variables = variables(statement.properties)
        // A bad or missing zone is already reported; the rest of the campaign still serves the message checks.
        guard let starts, let ends else { return nil }
        var campaign = Campaign(name: name.value, title: title ?? name.value, starts: starts, ends: ends,
                                timeZone: timeZone ?? "UTC", quiet: quiet, signature: signature, smsGateway: gateway,
                                variables: variables, location: statement.location)
        addRecipientRules(properties, caps: statement.properties, to: &campaign)
        return campaign
    }

    private mutating func campaignEnd(_ properties: [String: Property], starts: LocalDate?,
                                      name: Located<String>) -> LocalDate? {
        switch (properties["lasts"], properties["ends"]) {
        case (nil, nil):
            bag.error("campaign '\(name.value)' has no end", at: name.location,
                      hint: "add 'lasts 3 months' or 'ends 2021-05-08'")
            return nil
        case (let lasts?, let ends?):
            let later = lasts.location.line > ends.location.line ? lasts : ends
            bag.error("'lasts' and 'ends' both set the campaign's end", at: later.location, hint: "keep one of them")
            return nil
        case (let lasts?, nil):
            guard case .length(let length) = lasts.value, let starts else { return nil }
            return length.value.lastDay(from: starts)
        case (nil, let endsProperty?):
            guard let ends = date(endsProperty), let starts else { return nil }
            if ends < starts {
                bag.error("the campaign ends (\(ends)) before it starts (\(starts))", at: endsProperty.location,
                          hint: "'ends' is the last day, inclusive")
                return nil
            }
            return ends
        }
    }

    private mutating func checkedTimeZone(_ property: Property?, name: Located<String>, unread: Bool) -> String? {
        guard let property else {
            if unread { return nil }
            bag.error("campaign '\(name.value)' has no 'timezone'", at: name.location, hint: "add e.g. 'timezone Asia/Shanghai'")
            return nil
        }
        guard case .name(let zone) = property.value else { return nil }
        guard TimeZone(identifier: zone.value) != nil else {
            bag.error("unknown time zone '\(zone.value)'", at: zone.location,
                      hint: Suggestion.didYouMean(zone.value, among: TimeZone.knownTimeZoneIdentifiers)
                        ?? "use an IANA name such as Asia/Shanghai")
            return nil
        }
        return zone.value
    }

    func date(_ property: Property?) -> LocalDate? {
        if case .date(let date)? = property?.value { return date.value }
        return nil
    }
}
