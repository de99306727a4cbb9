import Schedule

/// The example campaign, small: the province with a media desk, Nanchang
/// with SMS and a police group, Donghu with SMS only, Jiujiang with two webhooks
/// and an SMS list that cannot be read.
enum Chunfeng {
    static let launchSMS = "\"春风\"行动今晚启动。公检法不会电话要求转账，接到{hotline}来电请务必接听。"
    static let launchWebhook = "## 江西省全民反电诈\"春风\"行动启动\n{region}分会场与南昌主会场同步启动。反诈预警专号：{hotline}"

    static func document(recipients scratch: Scratch) throws -> ScheduleDocument {
        let nanchang = try scratch.write("nanchang.txt", "# test data\n13800000001\n13800000002\n13800000003\n")
        let donghu = try scratch.write("donghu.txt", "13900000001\n13900000002\n")
        return Fixture.document(
            regions: [
                Fixture.region("jiangxi", "江西省", webhooks: ["province-media-desk"]),
                Fixture.region("jiangxi/nanchang", "南昌市", sms: nanchang, webhooks: ["nanchang-police-wecom"],
                               variables: ["station": "南昌市公安局"]),
                Fixture.region("jiangxi/nanchang/donghu", "东湖区", sms: donghu),
                Fixture.region("jiangxi/jiujiang", "九江市", sms: scratch.directory + "/missing.txt",
                               webhooks: ["jiujiang-bot", "jiujiang-media"]),
            ],
            messages: [
                Fixture.message("launch", [.at([Fixture.moment("2021-02-09 20:00")])],
                                to: Fixture.targets(["jiangxi", "jiangxi/**"]), via: [.sms, .webhook],
                                texts: [.sms: launchSMS, .webhook: launchWebhook], line: 12),
                Fixture.message("weekly-tip", [.weekly([.monday], [Fixture.time("10:00")])], from: "2021-02-15",
                                except: ["2021-02-11..2021-02-17", "2021-04-05"], to: Fixture.targets(["jiangxi/*"]),
                                via: [.sms], texts: [.sms: "{region}反诈中心提醒：不出租、不出借手机卡和银行卡。"], line: 21),
            ])
    }
}
