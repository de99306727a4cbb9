@testable import Delivery

/// One reference delivery from the Spring Breeze (春风) campaign, and helpers to
/// look at requests the way a gateway would.
enum Fixtures {
    /// 2021-03-15 09:00 in Jiangxi (UTC+8) is 01:00 UTC.
    static let occurrence: Int64 = 1_615_770_000
    static let text = "【反诈提醒】陌生来电要警惕，不转账、不汇款。"
    static let encodedText = "%E3%80%90%E5%8F%8D%E8%AF%88%E6%8F%90%E9%86%92%E3%80%91%E9%99%8C%E7%94%9F%E6%9D%A5%E7%94%B5%E8%A6%81%E8%AD%A6%E6%83%95%EF%BC%8C%E4%B8%8D%E8%BD%AC%E8%B4%A6%E3%80%81%E4%B8%8D%E6%B1%87%E6%AC%BE%E3%80%82"
    static let phone = "+8613800138000"
    /// A wall clock 0.123 s after the occurrence, for signatures.
    static let now: Double = 1_615_770_000.123

    static func sms(text: String = text) -> OutgoingMessage {
        OutgoingMessage(deliveryID: "d-7f3a9c", campaignName: "spring-breeze-2021", campaignTitle: "春风行动",
                        messageName: "morning-warning", occurrence: occurrence, utcOffset: 8 * 3600,
                        regionPath: "jiangxi/nanchang/donghu", regionName: "东湖区", channel: "sms",
                        text: text, recipient: phone)
    }

    static func webhook(text: String = text) -> OutgoingMessage {
        var message = sms(text: text)
        message.channel = "webhook"
        message.recipient = nil
        return message
    }

    static func header(_ request: HTTPRequest, _ name: String) -> String? {
        request.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    static func body(_ request: HTTPRequest) -> String { String(decoding: request.body, as: UTF8.self) }

    static func response(_ status: Int, _ body: String, headers: [String: String] = [:]) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }
}
