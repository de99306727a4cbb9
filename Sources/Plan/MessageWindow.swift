import Schedule

/// The days a message may fire: the campaign's days narrowed by `from` and
/// `until`, minus its `except` ranges. Days are `LocalDate.dayNumber`s so the
/// expansion loops over plain integers.
public struct MessageWindow: Hashable, Sendable {
    public let first: Int
    public let last: Int
    private let excluded: [ClosedRange<Int>]

    public init(campaign: Campaign, message: Message) {
        first = max(campaign.starts, message.from ?? campaign.starts).dayNumber
        last = min(campaign.ends, message.until ?? campaign.ends).dayNumber
        excluded = message.except
            .filter { $0.first <= $0.last }
            .map { $0.first.dayNumber...$0.last.dayNumber }
    }

    public var isEmpty: Bool { first > last }

    /// The day every `every N days` and `every N weeks` rule counts from,
    /// whether or not that day is excepted.
    public var anchor: Int { first }

    public func contains(day: Int) -> Bool {
        day >= first && day <= last && !excluded.contains { $0.contains(day) }
    }
}
