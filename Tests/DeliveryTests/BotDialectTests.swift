@testable import Delivery
import Testing

struct BotDialectTests {
    @Test func wecomSendsMarkdownOrText() throws {
        let url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx"
        let markdown = try WeCom(url: url).request(for: Fixtures.webhook(text: "**注意** 防诈"), now: 0)
        #expect(markdown.method == .post && markdown.url == url)
        #expect(markdown.headers.map(\.value) == ["application/json"])
        #expect(Fixtures.body(markdown) == #"{"msgtype":"markdown","markdown":{"content":"**注意** 防诈"}}"#)
        let text = try WeCom(url: url, format: .text).request(for: Fixtures.webhook(text: "x"), now: 0)
        #expect(Fixtures.body(text) == #"{"msgtype":"text","text":{"content":"x"}}"#)
    }

    @Test(arguments: [
        (200, #"{"errcode":0,"errmsg":"ok"}"#, Verdict.delivered(gatewayMessageID: nil)),
        (200, #"{"errcode":45009,"errmsg":"api freq out of limit"}"#,
         .retry(reason: "wecom 45009 api freq out of limit", after: 60)),
        (200, #"{"errcode":93000,"errmsg":"invalid webhook url, hint: [xxx]"}"#,
         .permanent(reason: "wecom 93000 invalid webhook key")),
        (200, #"{"errcode":40008,"errmsg":"invalid message type"}"#, .permanent(reason: "wecom 40008 invalid message type")),
        (200, #"{"errcode":-1,"errmsg":"system busy"}"#, .retry(reason: "wecom -1 system busy", after: nil)),
        (200, #"{"errcode":45009,"errmsg":"x"}"#, .retry(reason: "wecom 45009 api freq out of limit", after: 60)),
        (200, #"{"errcode":12345,"errmsg":"new"}"#, .permanent(reason: "wecom 12345")),
        (503, #"{"errcode":12345,"errmsg":"new"}"#, .retry(reason: "wecom 12345", after: nil)),
        (200, "<html>portal</html>", .permanent(reason: "wecom 200 without a result code")),
        (502, "<html>bad gateway</html>", .retry(reason: "http 502", after: nil)),
    ])
    func wecomAnswers(status: Int, body: String, expected: Verdict) {
        #expect(WeCom(url: "https://h/").verdict(for: Fixtures.response(status, body), now: 0) == expected)
    }

    @Test func dingtalkSignsTheURLWithMillisecondsAndEncodedSignature() throws {
        let base = "https://oapi.dingtalk.com/robot/send?access_token=abc123"
        let request = try DingTalk(url: base, secret: "SECtest-secret").request(for: Fixtures.webhook(), now: Fixtures.now)
        // Expected signature computed independently: base64(HMAC-SHA256("SECtest-secret", "1615770000123\nSECtest-secret")).
        #expect(request.url == base + "&timestamp=1615770000123&sign=hEB3CW4%2B2OnXE95xliGcfirt3V%2Fa0zh4nePL8NNtgis%3D")
        #expect(Fixtures.body(request)
            == #"{"msgtype":"markdown","markdown":{"title":"春风行动","text":""# + Fixtures.text + #""}}"#)
        let reference = Base64.encode(ReferenceHMAC.hmac(key: Array("SECtest-secret".utf8),
                                                         message: Array("1615770000123\nSECtest-secret".utf8)))
        #expect(DingTalk.sign(timestamp: 1_615_770_000_123, secret: "SECtest-secret") == reference)
    }

    @Test func dingtalkWithoutSecretLeavesTheURLAlone() throws {
        let base = "https://oapi.dingtalk.com/robot/send?access_token=abc123"
        #expect(try DingTalk(url: base).request(for: Fixtures.webhook(), now: Fixtures.now).url == base)
    }

    @Test(arguments: [
        (200, #"{"errcode":0,"errmsg":"ok"}"#, Verdict.delivered(gatewayMessageID: nil)),
        (200, #"{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}"#,
         .retry(reason: "dingtalk 130101 send too fast", after: 600)),
        (200, #"{"errcode":310000,"errmsg":"keywords not in content"}"#,
         .permanent(reason: "dingtalk 310000 keywords, sign or ip check failed")),
        (200, #"{"errcode":300001,"errmsg":"token is not exist"}"#, .permanent(reason: "dingtalk 300001 token invalid")),
        (200, #"{"errcode":90030,"errmsg":"webhook over limit"}"#,
         .retry(reason: "dingtalk 90030 webhook over limit", after: 3600)),
    ])
    func dingtalkAnswers(status: Int, body: String, expected: Verdict) {
        #expect(DingTalk(url: "https://h/").verdict(for: Fixtures.response(status, body), now: 0) == expected)
    }

    @Test func feishuSignsInTheBodyWithTheSecretInTheKey() throws {
        let url = "https://open.feishu.cn/open-apis/bot/v2/hook/xxxx"
        let request = try Feishu(url: url, secret: "feishu-secret").request(for: Fixtures.webhook(), now: Fixtures.now)
        #expect(request.url == url)
        // Expected signature computed independently: base64(HMAC-SHA256(key "1615770000\nfeishu-secret", "")).
        #expect(Fixtures.body(request) == #"{"timestamp":"1615770000","sign":"MnqiTH8TpObjSplbnH6v4hkLo04NyPPVnbfHFzzDS8I=","#
            + #""msg_type":"post","content":{"post":{"zh_cn":{"title":"春风行动","content":[[{"tag":"text","text":""#
            + Fixtures.text + #""}]]}}}}"#)
        let reference = Base64.encode(ReferenceHMAC.hmac(key: Array("1615770000\nfeishu-secret".utf8), message: []))
        #expect(Feishu.sign(timestamp: 1_615_770_000, secret: "feishu-secret") == reference)
    }

    @Test func feishuWithoutSecretHasNoSignatureFields() throws {
        let request = try Feishu(url: "https://h/").request(for: Fixtures.webhook(text: "x"), now: Fixtures.now)
        #expect(Fixtures.body(request)
            == #"{"msg_type":"post","content":{"post":{"zh_cn":{"title":"春风行动","content":[[{"tag":"text","text":"x"}]]}}}}"#)
    }

    @Test(arguments: [
        (200, #"{"code":0,"msg":"success","data":{}}"#, Verdict.delivered(gatewayMessageID: nil)),
        (200, #"{"StatusCode":0,"StatusMessage":"success"}"#, .delivered(gatewayMessageID: nil)),
        (200, #"{"code":9499,"msg":"too many request","data":{}}"#, .retry(reason: "feishu 9499 too many requests", after: nil)),
        (400, #"{"code":11232,"msg":"frequency limited"}"#, .retry(reason: "feishu 11232 frequency limited", after: nil)),
        (400, #"{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}"#,
         .permanent(reason: "feishu 19021 sign match fail")),
        (400, #"{"code":19001,"msg":"param invalid: incoming webhook access token invalid"}"#,
         .permanent(reason: "feishu 19001 invalid param")),
    ])
    func feishuAnswers(status: Int, body: String, expected: Verdict) {
        #expect(Feishu(url: "https://h/").verdict(for: Fixtures.response(status, body), now: 0) == expected)
    }

    @Test func slackPostsText() throws {
        let request = try Slack(url: "https://hooks.slack.com/services/T0/B0/XXXX").request(for: Fixtures.webhook(text: "hi *all*"), now: 0)
        #expect(request.url == "https://hooks.slack.com/services/T0/B0/XXXX")
        #expect(Fixtures.body(request) == #"{"text":"hi *all*"}"#)
    }

    @Test(arguments: [
        (200, "ok", [:], Verdict.delivered(gatewayMessageID: nil)),
        (429, "rate_limited", ["retry-after": "7"], .retry(reason: "slack 429 rate_limited", after: 7)),
        (404, "no_service", [:], .permanent(reason: "slack 404 no_service")),
        (410, "channel_is_archived", [:], .permanent(reason: "slack 410 channel_is_archived")),
        (403, "action_prohibited", [:], .permanent(reason: "slack 403 action_prohibited")),
        (400, "invalid_payload", [:], .permanent(reason: "slack 400 invalid_payload")),
        (500, "rollup_error", [:], .retry(reason: "slack 500 rollup_error", after: nil)),
        (200, "no_text", [:], .permanent(reason: "slack 200 no_text")),
        (403, "<html>Forbidden: key XYZ</html>", [:], .permanent(reason: "http 403")),
    ])
    func slackAnswers(status: Int, body: String, headers: [String: String], expected: Verdict) {
        #expect(Slack(url: "https://h/").verdict(for: Fixtures.response(status, body, headers: headers), now: 0) == expected)
    }

    @Test(arguments: [
        ("wecom", WeCom(url: "u").defaultRate, RateLimit([.perMinute(20)], concurrency: 1)),
        ("dingtalk", DingTalk(url: "u").defaultRate, RateLimit([.perMinute(20)], concurrency: 1)),
        ("feishu", Feishu(url: "u").defaultRate, RateLimit([.perMinute(100), .perSecond(5)], concurrency: 1)),
        ("slack", Slack(url: "u").defaultRate, RateLimit([.perSecond(1)], concurrency: 1)),
    ])
    func presetsCarryTheDocumentedPerBotLimit(service: String, actual: RateLimit, documented: RateLimit) {
        #expect(actual == documented, "\(service)")
    }

    @Test(arguments: [
        Verdict.retry(reason: "http 429", after: nil), .retry(reason: "slack 429 rate_limited", after: 1),
        .retry(reason: "wecom 45009 api freq out of limit", after: 60), .retry(reason: "dingtalk 130101 send too fast", after: 600),
        .retry(reason: "feishu 9499 too many requests", after: nil), .retry(reason: "feishu 11232 frequency limited", after: nil),
    ])
    func rateLimitAnswersAreThrottles(verdict: Verdict) {
        #expect(verdict.isThrottle)
    }

    @Test(arguments: [
        Verdict.retry(reason: "http 503", after: nil), .retry(reason: "timeout after 10s", after: nil),
        .permanent(reason: "http 429"), .delivered(gatewayMessageID: nil),
        .retry(reason: "dingtalk 90030 webhook over limit", after: 3600), .retry(reason: "wecom -1 system busy", after: nil),
        .retry(reason: "kannel 503 sending failed", after: nil), .retry(reason: "feishu 9499", after: nil),
    ])
    func otherAnswersAreNotThrottles(verdict: Verdict) {
        #expect(!verdict.isThrottle)
    }
}
