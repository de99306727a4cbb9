import SMSText
import Schedule

/// One message's texts and SMS sizes for each region it reaches, worked out
/// once and reused for every occurrence: only `{date}` changes between them.
/// Rendering each of a quarter's entries from its template was most of the
/// cost of expanding a large plan.
struct PreparedMessage {
    /// Per position in the message's regions, then per channel in its `via` order
    /// (`position * channelCount + channel`): the text, or nil when nothing is
    /// sent there (filtered out, unbound, no text). One flat array, not one per
    /// region: the expansion reads it 700,000 times a quarter, and the second
    /// indirection was its hottest load (`bench schedule`).
    private var texts: [TextRenderer.DatedText?]
    private let channelCount: Int
    /// Per position in the message's regions; nil when SMS is filtered out or the message has no SMS text.
    /// An SMS's size does not depend on the day ({date} is always ten GSM-7
    /// characters), so it is worked out from the template's pieces.
    var smsMeasures: [SMSMeasure]?

    init(_ plan: MessagePlan, renderer: TextRenderer, tree: RegionTree, regionMask: [Bool]?, filter: PlanFilter) {
        let channels = plan.message.channels
        let templates = channels.map { filter.includes($0) ? plan.message.texts[$0] : nil }
        channelCount = channels.count
        texts = []
        texts.reserveCapacity(plan.regions.count * channels.count)
        for regionIndex in plan.regions {
            let included = regionMask?[regionIndex] ?? true
            for (channel, template) in zip(channels, templates) {
                guard included, let template, tree.isBound(regionIndex, to: channel) else {
                    texts.append(nil)
                    continue
                }
                texts.append(renderer.dated(template, region: regionIndex, channel: channel))
            }
        }
        smsMeasures = filter.includes(.sms) ? plan.message.texts[.sms].map { renderer.measureSMS($0, regions: plan.regions) } : nil
    }

    /// The text sent at this position in the message's regions on its `channel`th channel.
    func text(at position: Int, channel: Int) -> TextRenderer.DatedText? {
        texts[position * channelCount + channel]
    }
}
