import SMSText
import Schedule

/// One message's texts and SMS sizes for each region it reaches, worked out
/// once and reused for every occurrence: only `{date}` changes between them.
/// Rendering each of a quarter's entries from its template was most of the
/// cost of expanding a large plan.
struct PreparedMessage {
    /// Per position in the message's regions, per channel in its `via` order:
    /// the text, or nil when nothing is sent there (filtered out, unbound, no text).
    var texts: [[TextRenderer.DatedText?]]
    /// Per position in the message's regions; nil when SMS is filtered out or the message has no SMS text.
    /// An SMS's size does not depend on the day ({date} is always ten GSM-7
    /// characters), so it is worked out from the template's pieces.
    var smsMeasures: [SMSMeasure]?

    init(_ plan: MessagePlan, renderer: TextRenderer, tree: RegionTree, regionMask: [Bool]?, filter: PlanFilter) {
        let templates = plan.message.channels.map { filter.includes($0) ? plan.message.texts[$0] : nil }
        texts = plan.regions.map { regionIndex in
            guard regionMask?[regionIndex] ?? true else { return [] }
            return zip(plan.message.channels, templates).map { channel, template in
                guard let template, tree.isBound(regionIndex, to: channel) else { return nil }
                return renderer.dated(template, region: regionIndex, channel: channel)
            }
        }
        smsMeasures = filter.includes(.sms) ? plan.message.texts[.sms].map { renderer.measureSMS($0, regions: plan.regions) } : nil
    }
}
