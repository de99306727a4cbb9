import Outbox
import Testing

struct DeliveryKeyTests {
    @Test func differsWhenAnyPartDiffers() {
        let key = DeliveryKey(campaign: "chunfeng", message: "launch", occurrence: 1, region: "jiangxi", channel: "sms", recipient: "+8613800000000")
        var other = key
        other.region = "jiangxi/nanchang"
        #expect(key.idempotencyText != other.idempotencyText)
        #expect(key.idempotencyText == DeliveryKey(campaign: "chunfeng", message: "launch", occurrence: 1, region: "jiangxi", channel: "sms", recipient: "+8613800000000").idempotencyText)
    }

    @Test func printsAPhoneNumberMaskedAndAnEndpointAsIs() {
        let sms = DeliveryKey(campaign: "chunfeng", message: "launch", occurrence: 1, region: "jiangxi", channel: "sms", recipient: "+8613812345678")
        #expect("\(sms)" == "chunfeng/launch@1 jiangxi sms +86138****5678")
        #expect(sms.idempotencyText.contains("+8613812345678"))
        var webhook = sms
        webhook.channel = "webhook"
        webhook.recipient = "wecom-nanchang"
        #expect(webhook.printableRecipient == "wecom-nanchang")
    }
}
