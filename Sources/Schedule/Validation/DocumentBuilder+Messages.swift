import LineLanguage

extension DocumentBuilder {
    mutating func buildMessages(_ statements: [Statement], campaign: Campaign?, regions: RegionIndex) -> [Message] {
        var messages: [Message] = []
        var declared: [String: SourceLocation] = [:]
        for statement in statements {
            guard case .message(let name) = statement.head else { continue }
            if let earlier = declared[name.value] {
                bag.error("message '\(name.value)' is declared twice", at: name.location, hint: "the first is at \(earlier)")
                continue
            }
            declared[name.value] = name.location
            if let message = message(statement, name: name, campaign: campaign, regions: regions) {
                messages.append(message)
            }
        }
        return messages
    }

    private mutating func message(_ statement: Statement, name: Located<String>, campaign: Campaign?,
                                  regions: RegionIndex) -> Message? {
        let properties = firstOfEach(statement.properties, repeatable: ["at", "every", "except"])
        var rules: [ScheduleRule] = []
        var ruleLocations: [SourceLocation] = []
        var except: [Located<DateRange>] = []
        for property in statement.properties {
            switch property.value {
            case .schedule(let rule):
                rules.append(rule)
                ruleLocations.append(property.location)
            case .dates(let ranges):
                except += ranges
            default:
                break
            }
        }
        if rules.isEmpty && statement.unreadKeys.isDisjoint(with: ["at", "every"]) {
            bag.error("message '\(name.value)' has no 'at' or 'every' line", at: name.location,
                      hint: "add e.g. 'at 2021-02-09 20:00' or 'every monday 10:00'")
        }
        let (targets, allKnown) = targets(properties["to"], message: name, regions: regions,
                                          unread: statement.unreadKeys.contains("to"))
        let channels = channels(properties["via"], message: name, unread: statement.unreadKeys.contains("via"))
        let texts = texts(properties, channels: channels)
        let from = date(properties["from"])
        let until = date(properties["until"])
        if let campaign {
            let window = checkWindow(campaign: campaign, from: properties["from"], until: properties["until"],
                                     except: except, rules: rules, message: name)
            if let window {
                warnAboutShortMonths(rules, at: ruleLocations, window: window)
            }
            if channels.contains(where: { $0.value == .sms }) {
                checkQuietHours(rules, quiet: campaign.quiet.filter { $0.channels.contains(.sms) })
            }
        }
        if let targets {
            checkVariables(properties, reached: regions.regions(reachedBy: targets),
                           campaignVariables: campaign?.variables ?? [:], regions: regions)
        }
        guard let targets, allKnown, !rules.isEmpty, !channels.isEmpty else { return nil }
        return Message(name: name.value, rules: zip(rules, ruleLocations).map { Rule($0.recurrence, location: $1) },
                       from: from, until: until, except: except.map(\.value), targets: targets,
                       channels: channels.map(\.value), texts: texts, location: statement.location)
    }

    /// The targets with unknown regions left out (each reported), and whether all were known.
    private mutating func targets(_ property: Property?, message: Located<String>,
                                  regions: RegionIndex, unread: Bool) -> (Targets?, Bool) {
        guard let property else {
            if unread { return (nil, false) }
            bag.error("message '\(message.value)' has no 'to' line", at: message.location,
                      hint: "add e.g. 'to jiangxi/*' to say which regions it goes to")
            return (nil, false)
        }
        guard case .targets(let include, let exclude) = property.value else { return (nil, false) }
        let unknown = (include + exclude).filter { regions.byPath[$0.value.path] == nil }
        for selector in unknown {
            bag.error("unknown region '\(selector.value.path)'", at: selector.location,
                      hint: Suggestion.didYouMean(selector.value.path.description, among: regions.regions.map(\.path.description))
                        ?? "regions are declared with 'region PATH NAME'")
        }
        let known = { (list: [Located<RegionSelector>]) in list.filter { !unknown.contains($0) }.map(\.value) }
        let targets = Targets(include: known(include), exclude: known(exclude))
        if unknown.isEmpty && regions.regions(reachedBy: targets).isEmpty {
            bag.error("message '\(message.value)' reaches no region", at: property.location,
                      hint: "'\(include.map(\.value.description).joined(separator: ", "))' selects nothing"
                        + (exclude.isEmpty ? "" : " once 'except' is applied"))
            return (nil, false)
        }
        return (targets, unknown.isEmpty)
    }

    private mutating func channels(_ property: Property?, message: Located<String>, unread: Bool) -> [Located<Channel>] {
        guard let property else {
            if unread { return [] }
            bag.error("message '\(message.value)' has no 'via' line", at: message.location, hint: "add e.g. 'via sms, webhook'")
            return []
        }
        guard case .channels(let channels) = property.value else { return [] }
        var unique: [Located<Channel>] = []
        for channel in channels {
            if unique.contains(where: { $0.value == channel.value }) {
                bag.warning("'\(channel.value)' is listed twice", at: channel.location)
            } else {
                unique.append(channel)
            }
        }
        return unique
    }

    /// Each channel's text: its own, else the shared `text`; a channel in `via` with neither is an error.
    private mutating func texts(_ properties: [String: Property], channels: [Located<Channel>]) -> [Channel: TextTemplate] {
        let shared = textSyntax(properties["text"])
        var texts: [Channel: TextTemplate] = [:]
        for channel in channels {
            if let own = textSyntax(properties[channel.value.rawValue]) ?? shared {
                texts[channel.value] = own.template
            } else if properties[channel.value.rawValue] == nil && properties["text"] == nil {
                bag.error("'\(channel.value)' is in 'via' but the message has no text for it", at: channel.location,
                          hint: "add '\(channel.value) TEXT', or 'text TEXT' for every channel")
            }
        }
        for channel in Channel.allCases where !channels.contains(where: { $0.value == channel }) {
            if let property = properties[channel.rawValue] {
                bag.warning("this \(channel) text is never sent: '\(channel)' is not in 'via'", at: property.location,
                            hint: "add '\(channel)' to 'via', or remove the text")
            }
        }
        return texts
    }

    private func textSyntax(_ property: Property?) -> TextSyntax? {
        if case .text(let text)? = property?.value { return text }
        return nil
    }
}
