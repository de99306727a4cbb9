/// How a message reaches people: a text to phones through an SMS gateway,
/// or a post to a chat-group bot or media platform through a webhook.
public enum Channel: String, CaseIterable, Hashable, Sendable, Comparable {
    case sms
    case webhook

    public static func < (lhs: Channel, rhs: Channel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
