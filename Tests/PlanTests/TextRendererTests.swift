import Plan
import SMSText
import Schedule
import Testing

struct TextRendererTests {
    static let campaign = Fixture.campaign(variables: ["hotline": "96110", "station": "江西省公安厅", "slogan": "断卡"])
    static let tree = RegionTree([
        Fixture.region("jiangxi", "江西省", variables: ["station": "省反诈中心"]),
        Fixture.region("jiangxi/nanchang", "南昌市", variables: ["station": "南昌市公安局", "hotline": "0791-96110"]),
        Fixture.region("jiangxi/nanchang/donghu", "东湖区"),
        Fixture.region("jiangxi/jiujiang", "九江市"),
    ])
    static let renderer = TextRenderer(campaign: campaign, tree: tree)

    @Test(arguments: [
        (2, "{region}:{station} {hotline} {slogan}", "东湖区:南昌市公安局 0791-96110 断卡"),
        (1, "{region}:{station} {hotline} {slogan}", "南昌市:南昌市公安局 0791-96110 断卡"),
        (3, "{region}:{station} {hotline} {slogan}", "九江市:省反诈中心 96110 断卡"),
        (0, "{region}:{station} {hotline}", "江西省:省反诈中心 96110"),
        (2, "{region.path} {campaign} {date}", "jiangxi/nanchang/donghu 全民反电诈集中宣传\"春风\"行动 2021-02-09"),
        (0, "{nobody}", "{nobody}"),
    ])
    func variablesResolveFromTheMostSpecificScope(region: Int, text: String, expected: String) {
        let rendered = Self.renderer.render(Fixture.template(text), region: region, date: Fixture.date("2021-02-09"), channel: .webhook)
        #expect(rendered == expected)
    }

    @Test func smsCarriesTheSignatureInFront() {
        let template = Fixture.template("接到{hotline}来电请务必接听。")
        #expect(Self.renderer.render(template, region: 0, date: Fixture.date("2021-02-09"), channel: .sms)
            == "【江西公安】接到96110来电请务必接听。")
        #expect(Self.renderer.render(template, region: 0, date: Fixture.date("2021-02-09"), channel: .webhook)
            == "接到96110来电请务必接听。")
    }

    /// Sizes from the pieces must agree with measuring the rendered text,
    /// including the texts where a wide character decides a part boundary.
    @Test(arguments: [
        "{region}反诈中心提醒：不出租、不出借手机卡和银行卡。{date}",
        "Call {hotline} on {date}, {region.path}",
        "Call {hotline} on {date} € " + String(repeating: "x", count: 140),
        String(repeating: "中", count: 57) + "😀{region}" + String(repeating: "中", count: 60),
        String(repeating: "中", count: 58) + "{date}😀" + String(repeating: "中", count: 60),
        String(repeating: "a", count: 140) + "{hotline}€{date}" + String(repeating: "a", count: 140),
    ])
    func measuringFromPiecesMatchesTheRenderedText(text: String) {
        let template = Fixture.template(text)
        let measures = Self.renderer.measureSMS(template, regions: [0, 1, 2, 3])
        for region in 0..<4 {
            let rendered = Self.renderer.render(template, region: region, date: Fixture.date("2021-03-01"), channel: .sms)
            #expect(measures[region] == SMSMeasure(rendered), "region \(region)")
        }
    }
}
