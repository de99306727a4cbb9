import CivilDate
import SMSText
import Schedule

/// Fills message templates for one region and day.
///
/// Variables resolve, most specific first: the built-ins `{region}`,
/// `{region.path}`, `{campaign}` and `{date}`; then the region's own `set`
/// variables, then its ancestors' (nearest first), then the campaign's.
/// An SMS gets the campaign signature in front.
public struct TextRenderer: Sendable {
    private let signature: String
    private let campaignStart: LocalDate
    /// Per region index: every variable's value, and its SMS metrics for sizing.
    private let values: [[String: String]]
    private let metrics: [[String: SMSTextMetrics]]

    public init(campaign: Campaign, tree: RegionTree) {
        signature = campaign.signature ?? ""
        campaignStart = campaign.starts
        var values: [[String: String]] = []
        values.reserveCapacity(tree.regions.count)
        for (index, region) in tree.regions.enumerated() {
            // Parents come first in declaration order, so theirs are already merged.
            var merged = tree.parentIndex[index].map { values[$0] } ?? campaign.variables
            merged.merge(region.variables) { _, own in own }
            merged["region"] = region.displayName
            merged["region.path"] = region.path.description
            merged["campaign"] = campaign.title
            values.append(merged)
        }
        self.values = values
        metrics = values.map { $0.mapValues(SMSTextMetrics.init) }
    }

    /// The text as sent on `channel` to the region at `region` (an index into the tree).
    public func render(_ template: TextTemplate, region: Int, date: LocalDate, channel: Channel) -> String {
        dated(template, region: region, channel: channel).text(on: date.description)
    }

    /// A text as sent but for its `{date}`s: the pieces between them. Only the
    /// date differs from one occurrence of a message to the next, so the plan
    /// works out the rest once per message and region.
    struct DatedText: Sendable {
        /// The text up to its first `{date}` (all of it when it has none).
        private let head: String
        /// The pieces after each `{date}`. Most texts have none, and then the
        /// text is one object: the expansion hands out 700,000 texts a quarter,
        /// each a cache miss to retain, and an array around it was a second.
        private let rest: [String]

        init(pieces: [String]) {
            head = pieces.first ?? ""
            rest = Array(pieces.dropFirst())
        }

        func text(on date: String) -> String {
            rest.isEmpty ? head : ([head] + rest).joined(separator: date)
        }
    }

    func dated(_ template: TextTemplate, region: Int, channel: Channel) -> DatedText {
        var pieces: [String] = []
        var text = channel == .sms ? signature : ""
        for part in template.parts {
            switch part {
            case .literal(let literal):
                text += literal
            case .variable("date"):
                pieces.append(text)
                text = ""
            case .variable(let name):
                text += values[region][name] ?? "{\(name)}"
            }
        }
        pieces.append(text)
        return DatedText(pieces: pieces)
    }

    /// The SMS size of `template` for each of `regions`. Every `{date}` is ten
    /// GSM-7 characters, so the size does not depend on the day.
    public func measureSMS(_ template: TextTemplate, regions: [Int]) -> [SMSMeasure] {
        let fixed = template.parts.reduce(SMSTextMetrics(signature)) { sum, part in
            if case .literal(let literal) = part { return sum + SMSTextMetrics(literal) }
            if case .variable("date") = part { return sum + TextRenderer.dateMetrics }
            return sum
        }
        let variableNames = template.parts.compactMap { part -> String? in
            if case .variable(let name) = part, name != "date" { return name }
            return nil
        }
        return regions.map { region in
            let total = variableNames.reduce(fixed) { sum, name in
                sum + (metrics[region][name] ?? SMSTextMetrics("{\(name)}"))
            }
            return total.measure
                ?? SMSMeasure(render(template, region: region, date: campaignStart, channel: .sms))
        }
    }

    private static let dateMetrics = SMSTextMetrics("2021-02-09")
}
