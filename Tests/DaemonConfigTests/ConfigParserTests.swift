import LineLanguage
import Testing
@testable import DaemonConfig

struct ConfigParserTests {
    static func load(_ text: String, environment: [String: String] = [:]) -> ConfigLoadResult {
        DaemonConfigLoader.load(text: text, file: "broadcastd.conf", directory: "/etc/broadcastd", environment: environment)
    }

    static let minimal = "schedule campaign.schedule\nstate /var/lib/broadcastd\n"

    @Test func readsTheDocumentedExample() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("config/secrets/kannel-password", "kannel-pw\n")
        try folder.write("config/secrets/nanchang-wecom-key", "abc-123")
        try folder.write("config/secrets/media-desk-whsec", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n")
        let text = """
            schedule  chunfeng/campaign.schedule   # a file, or a directory of *.schedule
            state     ../state
            secrets   secrets
            catch-up  30m
            log-retention 7d

            gateway kannel-main
                kind        kannel                 # kannel | jasmin | http-json | http-form
                url         http://127.0.0.1:13013/cgi-bin/sendsms
                username    broadcastd
                password    secret:kannel-password
                from        96110
                rate        100/s burst 20
                concurrency 16
                timeout     10s
                retry       10 attempts within 24h
                dlr-mask    3

            endpoint nanchang-police-wecom
                kind   wecom
                url    https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret:nanchang-wecom-key
                rate   20/min

            endpoint province-media-desk
                kind    webhook
                url     https://media.example.org/hooks/broadcast
                signing secret:media-desk-whsec
            """
        let result = DaemonConfigLoader.load(text: text, directory: folder.path + "/config", environment: [:])
        #expect(result.diagnostics.isEmpty, "\(result.rendered())")
        let config = try #require(result.configuration)
        #expect(config.schedule == folder.path + "/config/chunfeng/campaign.schedule")
        #expect(config.state == folder.path + "/state")
        #expect(config.secrets == folder.path + "/config/secrets")
        #expect(config.catchUp == .seconds(1800))
        #expect(config.shutdownGrace == DaemonConfiguration.defaultShutdownGrace)
        #expect(config.logRetention == .seconds(7 * 86_400))

        let kannel = try #require(config.gateway(named: "kannel-main"))
        #expect(kannel.kind == .kannel)
        #expect(kannel.url.revealed == "http://127.0.0.1:13013/cgi-bin/sendsms")
        #expect(kannel.username?.revealed == "broadcastd")
        #expect(kannel.from?.revealed == "96110")
        #expect(kannel.rate == RateSetting(count: 100, per: .second, burst: 20))
        #expect(kannel.concurrency == 16)
        #expect(kannel.timeout == .seconds(10))
        #expect(kannel.retry == RetrySetting(attempts: 10, within: .seconds(86_400)))
        #expect(kannel.dlrMask == 3)
        #expect(kannel.location == SourceLocation(file: "broadcastd.conf", line: 7, column: 1))

        let wecom = try #require(config.endpoint(named: "nanchang-police-wecom"))
        #expect(wecom.kind == .wecom)
        #expect(wecom.rate == RateSetting(count: 20, per: .minute))
        #expect(config.endpoint(named: "province-media-desk")?.signing.count == 1)
        #expect(config.gateways.count == 1 && config.endpoints.count == 2)
    }

    @Test func defaultsApplyWhenNotWritten() throws {
        let config = try #require(Self.load(Self.minimal).configuration)
        #expect(config.catchUp == .seconds(3600))
        #expect(config.logRetention == .seconds(30 * 86_400))
        #expect(config.secrets == nil)
        #expect(config.schedule == "/etc/broadcastd/campaign.schedule")
        #expect(config.gateways.isEmpty && config.endpoints.isEmpty)
        #expect(config.reload == .onChange)
        #expect(config.leaseTime == .seconds(300))
    }

    /// `lease-time` in the duration grammar; the daemon's `--lease-time` overrides it.
    @Test func readsTheLeaseTime() throws {
        #expect(try #require(Self.load(Self.minimal + "lease-time 20s\n").configuration).leaseTime == .seconds(20))
        #expect(try #require(Self.load(Self.minimal + "lease-time 2m\n").configuration).leaseTime == .seconds(120))
        let outlasting = Self.minimal + "gateway g\n    kind kannel\n    url http://127.0.0.1/\n    username u\n    password p\n"
            + "    timeout 10s\nlease-time 15s\n"
        #expect(try #require(Self.load(outlasting).configuration).leaseTime == .seconds(15))
    }

    @Test func readsTheReloadMode() throws {
        #expect(try #require(Self.load(Self.minimal + "reload signal\n").configuration).reload == .signal)
        #expect(try #require(Self.load(Self.minimal + "reload on-change\n").configuration).reload == .onChange)
    }

    @Test func readsGenericGateways() throws {
        let text = Self.minimal + """
            gateway twilio-like
                kind   http-form
                url    https://api.example.com/2010-04-01/Accounts/AC1/Messages.json
                auth   basic
                username AC1
                password "not a real one"
                field  To {to}
                field  Body {text}
                field  From +15005550006
                header Idempotency-Key {id}
            gateway json-gw
                kind  http-json
                url   https://sms.example.com/v1/send
                auth  bearer abc
                json  {"to": "{to}", "text": "{text} #spring", "ref": "{id}"}
            """
        let result = Self.load(text)
        #expect(result.diagnostics.allSatisfy { $0.severity == .warning }, "\(result.rendered())")
        let config = try #require(result.configuration)
        let form = try #require(config.gateway(named: "twilio-like"))
        #expect(form.auth == .basic)
        #expect(form.password?.revealed == "not a real one")
        #expect(form.fields.map(\.name) == ["To", "Body", "From"])
        #expect(form.fields.map(\.value.revealed) == ["{to}", "{text}", "+15005550006"])
        #expect(form.headers == [NamedValue(name: "Idempotency-Key", value: SecretText(plain: "{id}"))])
        let json = try #require(config.gateway(named: "json-gw"))
        #expect(json.auth == .bearer(SecretText(plain: "abc")))
        // json runs to the end of the line, '#' included.
        #expect(json.json?.revealed == #"{"to": "{to}", "text": "{text} #spring", "ref": "{id}"}"#)
        // Inline credentials load, with a warning each.
        #expect(result.diagnostics.filter { $0.severity == .warning }.map(\.location.line) == [8, 16])
    }

    @Test func aCommentInTheFirstColumnDoesNotEndABlock() throws {
        let text = Self.minimal + "endpoint e\n    kind slack\n# the hook of the night shift\n\n    url https://hooks.slack.com/x\n"
        let result = Self.load(text)
        #expect(result.diagnostics.isEmpty, "\(result.rendered())")
        #expect(result.configuration?.endpoint(named: "e")?.url.revealed == "https://hooks.slack.com/x")
    }

    @Test func aGatewayAndAnEndpointMayShareAName() throws {
        let text = Self.minimal + "gateway x\n    kind jasmin\n    url http://h/\n    username u\n    password \"p\"\n"
            + "endpoint x\n    kind slack\n    url https://h/\n"
        let config = try #require(Self.load(text).configuration)
        #expect(config.gateway(named: "x") != nil && config.endpoint(named: "x") != nil)
    }

    @Test func statementsAfterABlockAreTopLevelAgain() throws {
        let text = "gateway g\n    kind jasmin\n    url http://127.0.0.1:13013/send\n    username u\n    password p\n"
            + Self.minimal
        let config = try #require(Self.load(text).configuration)
        #expect(config.gateway(named: "g")?.kind == .jasmin)
        #expect(config.state == "/var/lib/broadcastd")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var message: String
        var line: Int
        var column: Int
        var hint: String? = nil
        var testDescription: String { message }
    }

    static let gatewayHead = minimal + "gateway g\n    kind kannel\n    url http://127.0.0.1/\n    username u\n    password secret:p\n"

    static let cases: [Case] = [
        Case(text: "", message: "the config file is empty", line: 1, column: 1),
        Case(text: "state /x\n", message: "no 'schedule' setting", line: 1, column: 1),
        Case(text: "schedule /x\n", message: "no 'state' setting", line: 1, column: 1),
        Case(text: minimal + "stat /y\n", message: "unknown setting 'stat'", line: 3, column: 1, hint: "did you mean 'state'?"),
        Case(text: minimal + "state /y\n", message: "'state' is already set on line 2", line: 3, column: 1),
        Case(text: minimal + "  catch-up 1h\n", message: "indented line outside a gateway, endpoint or route block", line: 3, column: 3),
        Case(text: minimal + "catch-up soon\n", message: "'soon' is not a duration", line: 3, column: 10),
        Case(text: minimal + "shutdown-grace 0s\n", message: "'shutdown-grace' must be longer than 0", line: 3, column: 16),
        Case(text: minimal + "catch-up\n", message: "'catch-up' needs a value", line: 3, column: 9),
        Case(text: minimal + "reload on-chnage\n", message: "unknown reload mode 'on-chnage'", line: 3, column: 8,
             hint: "did you mean 'on-change'?"),
        Case(text: minimal + "lease-time 0s\n", message: "'lease-time' must be longer than 0", line: 3, column: 12),
        Case(text: minimal + "lease-time 1500ms\n", message: "'lease-time' is a whole number of seconds", line: 3, column: 12,
             hint: "e.g. lease-time 2s"),
        Case(text: minimal + "lease-time 20\n", message: "the duration '20' has no unit", line: 3, column: 14),
        Case(text: gatewayHead + "    timeout 30s\nlease-time 20s\n",
             message: "'lease-time' 20s does not outlast the timeout of gateway 'g' (30s)", line: 9, column: 12,
             hint: "a lease must outlast a request: make it at least 35s, or shorten the timeout"),
        Case(text: minimal + "log-retention 0d\n", message: "'log-retention' must be longer than 0", line: 3, column: 15),
        Case(text: "schedule a b\nstate /x\n", message: "unexpected 'b' after the value of 'schedule'", line: 1, column: 12),
        Case(text: "schedule secret:x\nstate /x\n", message: "a secret cannot stand for a path", line: 1, column: 10),
        Case(text: minimal + "gateway\n", message: "'gateway' needs a name", line: 3, column: 8),
        Case(text: minimal + "gateway g h\n    kind kannel\n", message: "unexpected 'h' after the gateway name", line: 3, column: 11),
        Case(text: minimal + "gateway g\n    url http://127.0.0.1/\n", message: "gateway 'g' has no kind", line: 3, column: 9,
             hint: "add an indented line 'kind KIND' (kannel, jasmin, http-json, http-form)"),
        Case(text: minimal + "endpoint e\n    kind slack\n", message: "endpoint 'e' has no url", line: 3, column: 10),
        Case(text: minimal + "gateway g\n    kind kanel\n    url http://h/\n", message: "unknown gateway kind 'kanel'", line: 4, column: 10,
             hint: "did you mean 'kannel'?"),
        Case(text: minimal + "endpoint e\n    kind teams\n    url http://h/\n", message: "unknown endpoint kind 'teams'", line: 4, column: 10,
             hint: "expected one of: webhook, wecom, dingtalk, feishu, slack"),
        Case(text: gatewayHead + "    endpoint e\n", message: "'endpoint' cannot be indented inside the gateway block", line: 8, column: 5),
        Case(text: gatewayHead + "    rat 1/s\n", message: "unknown gateway key 'rat'", line: 8, column: 5, hint: "did you mean 'rate'?"),
        Case(text: gatewayHead + "    rate 1/s\n    rate 2/s\n", message: "'rate' is already set on line 8", line: 9, column: 5),
        Case(text: gatewayHead + "gateway g\n    kind jasmin\n    url http://h/\n",
             message: "gateway 'g' is already defined on line 3", line: 8, column: 9),
        Case(text: gatewayHead + "    rate 100/sec\n", message: "unknown rate period 'sec'", line: 8, column: 14, hint: "use /s, /min or /h"),
        Case(text: gatewayHead + "    timeout 10\n", message: "the duration '10' has no unit", line: 8, column: 15),
        Case(text: gatewayHead + "    timeout 0ms\n", message: "'timeout' must be longer than 0", line: 8, column: 13),
        Case(text: gatewayHead + "    concurrency lots\n", message: "expected a whole number for 'concurrency', found 'lots'", line: 8, column: 17),
        Case(text: gatewayHead + "    concurrency 0\n", message: "'concurrency' must be between 1 and 1024, not 0", line: 8, column: 17),
        Case(text: gatewayHead + "    dlr-mask 32\n", message: "'dlr-mask' must be between 1 and 31, not 32", line: 8, column: 14),
        Case(text: gatewayHead + "    retry 10 tries\n", message: "expected 'attempts' after 10", line: 8, column: 14),
        Case(text: gatewayHead + "    json {}\n", message: "'json' does not apply to kannel gateways", line: 8, column: 5,
             hint: "'json' is for http-json gateways"),
        Case(text: minimal + "gateway g\n    kind kannel\n    url ftp://h/x\n", message: "unsupported URL scheme 'ftp'", line: 5, column: 9),
        Case(text: minimal + "gateway g\n    kind kannel\n    url /cgi-bin/sendsms\n", message: "'/cgi-bin/sendsms' is not a URL", line: 5, column: 9),
        Case(text: minimal + "gateway g\n    kind kannel\n    url http:///x\n", message: "the URL has no host", line: 5, column: 9),
        Case(text: minimal + "gateway g\n    kind kannel\n    url http://h/\n    username u\n",
             message: "gateway 'g' has no 'password', which a kannel gateway needs", line: 3, column: 9),
        Case(text: minimal + "gateway g\n    kind http-form\n    url http://h/\n    auth basic\n    field to {to}\n",
             message: "gateway 'g' has no 'username', which 'auth basic' needs", line: 3, column: 9),
        Case(text: minimal + "gateway g\n    kind http-json\n    url http://h/\n",
             message: "gateway 'g' has no 'json', which a http-json gateway needs", line: 3, column: 9),
        Case(text: minimal + "gateway g\n    kind http-form\n    url http://h/\n    field to {phone}\n",
             message: "unknown placeholder '{phone}'", line: 6, column: 14),
        Case(text: minimal + "gateway g\n    kind http-form\n    url http://h/\n    field to\n",
             message: "'field' needs a name and a value", line: 6, column: 13),
        Case(text: minimal + "gateway g\n    kind http-form\n    url http://h/\n    field to {to}\n    field to {text}\n",
             message: "field 'to' is already set", line: 7, column: 11),
        Case(text: minimal + "gateway g\n    kind http-json\n    url http://h/\n    json {\"to\": {to}}\n",
             message: "the json body has a value that is not a string (numbers, objects and lists are not supported)",
             line: 6, column: 10),
        Case(text: minimal + "gateway g\n    kind http-json\n    url http://h/\n    json {\"to\":\"{to}\"}\n    auth digest\n",
             message: "unknown auth method 'digest'", line: 7, column: 10),
        Case(text: minimal + "endpoint e\n    kind wecom\n    url http://h/\n    signing secret:s\n",
             message: "'signing' does not apply to wecom endpoints", line: 6, column: 5),
        Case(text: minimal + "endpoint e\n    kind webhook\n    url http://h/\n    secret secret:s\n",
             message: "'secret' does not apply to webhook endpoints", line: 6, column: 5, hint: "'secret' is for dingtalk and feishu endpoints"),
        Case(text: minimal + "endpoint e\n    kind webhook\n    url http://h/\n    signing whsec_%%%\n",
             message: "the signing secret is not a Standard Webhooks secret", line: 6, column: 13),
        Case(text: minimal + "endpoint e\n    kind webhook\n    url http://h/?k=secret:\n",
             message: "expected a secret name after 'secret:'", line: 5, column: 21),
        Case(text: minimal + "gateway g\n    kind kannel\n    url http://h/\n    username \"u\n    password p\n",
             message: "unterminated quoted string", line: 6, column: 14),
    ]

    @Test(arguments: cases)
    func reportsMistakesWhereTheyAre(_ testCase: Case) throws {
        let result = Self.load(testCase.text)
        #expect(result.configuration == nil)
        let diagnostic = try #require(result.diagnostics.first { $0.message == testCase.message },
                                      "got: \(result.diagnostics.map { "\($0.location) \($0.message)" })")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.location == SourceLocation(file: "broadcastd.conf", line: testCase.line, column: testCase.column))
        if let hint = testCase.hint { #expect(diagnostic.hint == hint) }
    }

    @Test func reportsEveryMistakeInOneRun() {
        let text = """
            schedule /x
            stat /y
            gateway g
                kind kanel
                rate fast
            endpoint e
                kind slack
                url http://h/
                timout 5s
            """
        let result = Self.load(text)
        #expect(result.diagnostics.map(\.location.line) == [1, 2, 3, 4, 5, 9])
        #expect(result.diagnostics.allSatisfy { $0.severity == .error })
        #expect(result.rendered().contains("broadcastd.conf:9:5: error: unknown endpoint key 'timout'\n    timout 5s\n    ^\nhint: did you mean 'timeout'?"))
    }
}
