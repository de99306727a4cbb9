import LineLanguage
import Testing
@testable import DaemonConfig

/// `reports`, `reports-token`, `optout-keywords` and a gateway's `unsubscribe-status`.
struct ReportsConfigTests {
    static let token = "0123456789abcdef0123"

    /// The minimal config plus `lines`, the token in a secrets folder of its own.
    static func load(_ lines: String, token: String = token) throws -> (ConfigLoadResult, TemporaryFolder) {
        let folder = try TemporaryFolder()
        try folder.write("secrets/reports-token", token + "\n")
        let text = "schedule campaign.schedule\nstate /var/lib/broadcastd\nsecrets secrets\n" + lines
        return (DaemonConfigLoader.load(text: text, directory: folder.path, environment: [:]), folder)
    }

    static func errors(_ result: ConfigLoadResult) -> [String] {
        result.diagnostics.filter { $0.severity == .error }.map { "\($0.location.line):\($0.location.column) \($0.message)" }
    }

    @Test func readsALoopbackListenerWithItsToken() throws {
        let (result, folder) = try Self.load("reports 127.0.0.1:8471\nreports-token secret:reports-token\n")
        defer { folder.remove() }
        #expect(result.diagnostics.isEmpty, "\(result.rendered())")
        let reports = try #require(result.configuration?.reports)
        #expect(reports.host == "127.0.0.1" && reports.port == 8471 && !reports.allowsRemote)
        #expect(reports.token.revealed == Self.token)
        #expect(reports.baseURL == "http://127.0.0.1:8471")
        #expect(!"\(reports)".contains(Self.token))
    }

    @Test func readsIPv6Loopback() throws {
        let (result, folder) = try Self.load("reports [::1]:8471\nreports-token secret:reports-token\n")
        defer { folder.remove() }
        let reports = try #require(result.configuration?.reports, "\(result.rendered())")
        #expect(reports.host == "::1")
        #expect(reports.baseURL == "http://[::1]:8471")
    }

    @Test func isOffWhenNotWritten() throws {
        let (result, folder) = try Self.load("")
        defer { folder.remove() }
        let config = try #require(result.configuration)
        #expect(config.reports == nil)
        #expect(config.optOutKeywords == .standard)
    }

    @Test(arguments: [
        ("reports 10.0.0.5:8471", "4:9 the report listener would be reachable from other hosts"),
        ("reports 0.0.0.0:8471 remote", "4:9 'reports' needs one address, not every address"),
        ("reports localhost:8471", "4:9 'localhost' is not an IP address"),
        ("reports 127.0.0.1", "4:9 '127.0.0.1' is not an address and port"),
        ("reports 127.0.0.1:99999", "4:19 the port must be between 1 and 65535, not 99999"),
        ("reports 127.0.0.1:8471 public", "4:24 unexpected 'public' after the address of 'reports'"),
    ])
    func refusesBadAddresses(line: String, error: String) throws {
        let (result, folder) = try Self.load(line + "\nreports-token secret:reports-token\n")
        defer { folder.remove() }
        #expect(result.configuration == nil)
        #expect(Self.errors(result) == [error], "\(result.rendered())")
    }

    @Test func aRemoteListenerIsAllowedWhenSaidSoWithAWarning() throws {
        let (result, folder) = try Self.load("reports 10.0.0.5:8471 remote\nreports-token secret:reports-token\n")
        defer { folder.remove() }
        let reports = try #require(result.configuration?.reports, "\(result.rendered())")
        #expect(reports.allowsRemote)
        #expect(result.diagnostics.map(\.severity) == [.warning])
    }

    @Test func reportsNeedAToken() throws {
        let (result, folder) = try Self.load("reports 127.0.0.1:8471\n")
        defer { folder.remove() }
        #expect(Self.errors(result) == ["4:1 'reports' needs a 'reports-token'"])
    }

    @Test(arguments: [
        ("short-token", "the reports token is shorter than 16 characters"),
        ("has a blank in it 0123456789", "the reports token may hold only letters, digits, '-', '_', '.' and '~'"),
        ("slash/in/the/token/0123456789", "the reports token may hold only letters, digits, '-', '_', '.' and '~'"),
    ])
    func refusesAWeakOrUnsafeTokenWithoutShowingIt(token: String, error: String) throws {
        let (result, folder) = try Self.load("reports 127.0.0.1:8471\nreports-token secret:reports-token\n", token: token)
        defer { folder.remove() }
        #expect(Self.errors(result) == ["5:15 \(error)"])
        #expect(!result.rendered().contains(token))
    }

    @Test func anInlineTokenWorksWithAWarning() throws {
        let (result, folder) = try Self.load("reports 127.0.0.1:8471\nreports-token \(Self.token)\n")
        defer { folder.remove() }
        #expect(result.configuration?.reports?.token.revealed == Self.token)
        #expect(result.diagnostics.map(\.message) == ["the reports-token is written in the config file"])
    }

    @Test func readsOptOutKeywords() throws {
        let (result, folder) = try Self.load("optout-keywords td 退订 取消   # Chinese and ASCII\n")
        defer { folder.remove() }
        let keywords = try #require(result.configuration?.optOutKeywords, "\(result.rendered())")
        #expect(keywords.words == ["TD", "退订", "取消"])
    }

    @Test func optOutKeywordsNeedAWord() throws {
        let (result, folder) = try Self.load("optout-keywords\n")
        defer { folder.remove() }
        #expect(Self.errors(result) == ["4:16 'optout-keywords' needs at least one word"])
    }

    @Test func readsUnsubscribeStatusOnEveryGatewayKind() throws {
        let (result, folder) = try Self.load("""
            gateway sms
                kind     http-form
                url      https://sms.example.org/send
                field    to {to}
                unsubscribe-status 21610 MK:0008

            """)
        defer { folder.remove() }
        let gateway = try #require(result.configuration?.gateway(named: "sms"), "\(result.rendered())")
        #expect(gateway.unsubscribeStatuses == ["21610", "MK:0008"])
    }

    @Test func unsubscribeStatusNeedsAWord() throws {
        let (result, folder) = try Self.load("""
            gateway sms
                kind     http-form
                url      https://sms.example.org/send
                field    to {to}
                unsubscribe-status

            """)
        defer { folder.remove() }
        #expect(Self.errors(result) == ["8:23 'unsubscribe-status' needs at least one status or code"])
    }
}

/// The replies that opt a number out.
struct OptOutKeywordsTests {
    @Test(arguments: ["TD", "td", " Td ", "ＴＤ", "ｔｄ", "退订", "退订。", "\u{3000}退订\u{3000}", "T", "t!", "STOP", "stop"])
    func matches(reply: String) {
        #expect(OptOutKeywords.standard.matches(reply))
    }

    @Test(arguments: ["", "   ", "TD是什么", "请勿退订", "TDD", "好的", "T D", "谢谢 TD"])
    func doesNotMatch(reply: String) {
        #expect(!OptOutKeywords.standard.matches(reply))
    }

    @Test func keepsTheOrderAndDropsRepeats() {
        #expect(OptOutKeywords(["td", "TD", "ＴＤ", "退订"]).words == ["TD", "退订"])
    }
}
