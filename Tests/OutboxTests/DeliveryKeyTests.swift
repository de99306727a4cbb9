import Outbox
import Testing

struct DeliveryKeyTests {
    @Test func differsWhenAnyPartDiffers() {
        let key = DeliveryKey(campaign: "chunfeng", message: "launch", occurrence: 1, region: "jiangxi", channel: "sms", recipient: "+8613800000000")
        var other = key
        other.region = "jiangxi/nanchang"
        #expect(key.description != other.description)
        #expect(key.description == DeliveryKey(campaign: "chunfeng", message: "launch", occurrence: 1, region: "jiangxi", channel: "sms", recipient: "+8613800000000").description)
    }
}
