@testable import Delivery
import Testing

/// Reasons feed `status`, metrics labels and logs; no secret may reach them,
/// even when a hostile or broken peer echoes the request back.
struct SecretLeakTests {
    /// Also shaped like a Slack error token, which Slack's verdict may quote.
    static let secrets0Underscored = "hunter_password"
    static let secrets = ["hunter2-password", "693a91f6-key", "SECdingtalk-secret", "feishu-secret-x", "T0/B0/slackpath"]

    static var dialects: [any Dialect] {
        get throws {
            [
                Kannel(url: "http://h/cgi-bin/sendsms", username: "u", password: secrets[0]),
                Kannel(url: "http://h/cgi-bin/sendsms", username: "u", password: secrets[0], method: .post),
                Jasmin(url: "http://h/send", username: "u", password: secrets[0]),
                Kannel(url: "http://h/cgi-bin/sendsms", username: "u", password: secrets[0],
                       reportCallback: ReportCallback(baseURL: "http://127.0.0.1:1", token: secrets[1], gateway: "g")),
                Jasmin(url: "http://h/send", username: "u", password: secrets[0],
                       reportCallback: ReportCallback(baseURL: "http://127.0.0.1:1", token: secrets[1], gateway: "g")),
                GenericHTTP(url: "http://h/", encoding: .json, authentication: .bearer(token: secrets[0]),
                            fields: [("to", try PlaceholderTemplate("{to}", subject: "t"))], messageIDField: "id"),
                try StandardWebhook(url: "http://h/", signingSecrets: [StandardWebhookTests.specSecret]),
                WeCom(url: "https://h/send?key=\(secrets[1])"),
                DingTalk(url: "https://h/robot/send?access_token=\(secrets[1])", secret: secrets[2]),
                Feishu(url: "https://h/hook/\(secrets[1])", secret: secrets[3]),
                Slack(url: "https://hooks.slack.com/services/\(secrets[4])"),
            ]
        }
    }

    /// Answers that echo every secret in every place a dialect might look.
    static var hostileAnswers: [HTTPResponse] {
        let echo = secrets.joined(separator: " ")
        return [200, 202, 400, 403, 404, 410, 412, 429, 500, 503].flatMap { status in [
            Fixtures.response(status, echo, headers: ["retry-after": echo]),
            Fixtures.response(status, #"{"errcode":93000,"errmsg":"\#(echo)","code":19021,"msg":"\#(echo)","id":"\#(echo)"}"#),
            Fixtures.response(status, "Authorization failed for sendsms \(echo)"),
            Fixtures.response(status, "Error \"\(echo)\""),
            Fixtures.response(status, secrets0Underscored),
        ] }
    }

    @Test func noVerdictReasonContainsASecret() throws {
        for dialect in try Self.dialects {
            for answer in Self.hostileAnswers {
                let verdict = dialect.verdict(for: answer, now: 0)
                for secret in Self.secrets + [Self.secrets0Underscored] {
                    #expect(!verdict.reason.contains(secret), "\(type(of: dialect)) \(answer.status): \(verdict.reason)")
                }
            }
        }
    }

    @Test func transportVerdictsDropCurlsMessage() {
        for kind in [TransportError.Kind.connectionRefused, .timedOut, .dnsFailure, .tls, .invalidRequest, .other] {
            let error = TransportError(kind, "Could not resolve host: h; url https://h/send?key=\(Self.secrets[1])")
            #expect(!Verdict(error, timeout: 10).reason.contains(Self.secrets[1]))
        }
    }

    @Test func dialectErrorsNameTheSettingNotTheValue() {
        let errors = [
            DialectError(.missingRecipient, subject: "kannel"),
            DialectError(.invalidSigningSecret, subject: "webhook signing"),
            DialectError(.unknownPlaceholder("x"), subject: "gateway g body"),
        ]
        for error in errors {
            for secret in Self.secrets { #expect(!error.description.contains(secret)) }
        }
        #expect(throws: DialectError.self) { try StandardWebhook(url: "u", signingSecrets: ["whsec_" + Self.secrets[0]]) }
    }
}
