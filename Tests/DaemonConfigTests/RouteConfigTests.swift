import Foundation
import LineLanguage
import Testing
@testable import DaemonConfig

/// `route NAME` blocks: what they read into, and every mistake at its place.
struct RouteConfigTests {
    /// Four gateways and an endpoint, lines 1–25; routes follow from line 26.
    static let head = ConfigParserTests.minimal + ["cm-a", "cm-b", "cu-gw", "agg-gw"].map { name in
        "gateway \(name)\n    kind kannel\n    url http://127.0.0.1/\n    username u\n    password \"p\"\n"
    }.joined() + "endpoint desk\n    kind slack\n    url http://127.0.0.1/\n"

    static func load(_ route: String) -> ConfigLoadResult {
        ConfigParserTests.load(head + route)
    }

    @Test func readsCarriersPrefixesSharesTiersAndRefusals() throws {
        let result = Self.load("""
            route carriers
                carrier  china-mobile  cm-a 70%, cm-b 30% then agg-gw
                carrier  china-unicom  cu-gw then agg-gw
                prefix   +852          agg-gw
                other                  cu-gw, agg-gw
                not-mine status 403
                not-mine text "not my number"
            """)
        let config = try #require(result.configuration, "\(result.rendered())")
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty)
        let route = try #require(config.route(named: "carriers"))
        #expect(route.rules.map(\.match) == [.carrier(.chinaMobile), .carrier(.chinaUnicom), .prefix("852"), .other])
        #expect(route.rules[0].tiers.map { $0.map(\.gateway) } == [["cm-a", "cm-b"], ["agg-gw"]])
        #expect(route.rules[0].tiers[0].map(\.weight) == [70, 30])
        #expect(route.rules[3].tiers[0].map(\.weight) == [1, 1])
        #expect(route.refusals == [.status(403), .text("not my number")])
        #expect(route.gateways == ["cm-a", "cm-b", "agg-gw", "cu-gw"])
        #expect(route.rules[0].tiers[0][1].location == SourceLocation(file: "broadcastd.conf", line: 27, column: 38))
    }

    @Test(arguments: [
        ConfigParserTests.Case(text: "route r\n    carrier china-mobil cm-a\n", message: "unknown carrier 'china-mobil'",
                               line: 27, column: 13, hint: "did you mean 'china-mobile'?"),
        ConfigParserTests.Case(text: "route r\n    carrier china-mobile cm-x\n",
                               message: "route 'r' names gateway 'cm-x', which is not defined", line: 27, column: 26,
                               hint: "did you mean 'cm-a'?"),
        ConfigParserTests.Case(text: "route r\n    other cm-a 70%, cm-b 20%\n",
                               message: "the shares of this tier add up to 90%, not 100%", line: 27, column: 16,
                               hint: "make them add up to 100%, e.g. cm-a 70%, cm-b 30%"),
        ConfigParserTests.Case(text: "route r\n    other cm-a 70%, cm-b\n", message: "gateway 'cm-b' has no share", line: 27, column: 25),
        ConfigParserTests.Case(text: "route r\n    other cm-a 0%, cm-b 100%\n", message: "'0%' is not a share", line: 27, column: 16),
        ConfigParserTests.Case(text: "route r\n    other desk\n",
                               message: "'desk' is an endpoint (a webhook); a route sends SMS through gateways", line: 27, column: 11),
        ConfigParserTests.Case(text: "route r\n    other cm-a\nroute s\n    other r\n",
                               message: "route 's' names the route 'r'; routes do not nest", line: 29, column: 11),
        ConfigParserTests.Case(text: "route cm-a\n    other cm-b\n", message: "route 'cm-a' has the name of the gateway on line 3",
                               line: 26, column: 1),
        ConfigParserTests.Case(text: "route r\n    prefix 86134 cm-a\n", message: "'86134' is not a number prefix", line: 27, column: 12),
        ConfigParserTests.Case(text: "route r\n    prefix +86134 cm-a then\n", message: "a gateway name is missing", line: 27, column: 28),
        ConfigParserTests.Case(text: "route r\n    other cm-a then then agg-gw\n", message: "a gateway name is missing before 'then'",
                               line: 27, column: 21),
        ConfigParserTests.Case(text: "route r\n    other cm-a then cm-a\n", message: "gateway 'cm-a' is named twice on this line",
                               line: 27, column: 21),
        ConfigParserTests.Case(text: "route r\n    other cm-a cm-b\n", message: "unexpected 'cm-b' after a gateway", line: 27, column: 16),
        ConfigParserTests.Case(text: "route r\n    prefix +86 cm-a\n    prefix +86 cm-b\n",
                               message: "these numbers are already routed on line 27", line: 28, column: 5),
        ConfigParserTests.Case(text: "route r\n    not-mine code 7\n", message: "unknown 'not-mine' answer 'code'", line: 27, column: 14),
        ConfigParserTests.Case(text: "route r\n    not-mine status 7\n", message: "'7' is not an HTTP status", line: 27, column: 21),
        ConfigParserTests.Case(text: "route r\n    not-mine status 403\n", message: "route 'r' routes no numbers", line: 26, column: 7),
        ConfigParserTests.Case(text: "route r\n    others cm-a\n", message: "unknown route key 'others'", line: 27, column: 5,
                               hint: "did you mean 'other'?"),
    ])
    func reportsMistakesWhereTheyAre(_ testCase: ConfigParserTests.Case) throws {
        let result = Self.load(testCase.text)
        #expect(result.configuration == nil)
        let diagnostic = try #require(result.diagnostics.first { $0.message == testCase.message },
                                      "got: \(result.diagnostics.map { "\($0.location) \($0.message)" })")
        #expect(diagnostic.location == SourceLocation(file: "broadcastd.conf", line: testCase.line, column: testCase.column))
        if let hint = testCase.hint { #expect(diagnostic.hint == hint) }
    }

    @Test func theDocumentedExampleReads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let docs = try String(contentsOf: root.appendingPathComponent("docs/config.md"), encoding: .utf8)
        let section = try #require(docs.components(separatedBy: "## Routes (`route NAME`)").dropFirst().first)
        let example = try #require(section.components(separatedBy: "```").dropFirst().first)
        let gateways = ["cm-a", "cm-b", "cu-gw", "ct-gw", "agg-gw", "hk-gw"].map { name in
            "gateway \(name)\n    kind kannel\n    url http://127.0.0.1/\n    username u\n    password \"p\"\n"
        }.joined()
        let result = ConfigParserTests.load(ConfigParserTests.minimal + gateways + example.trimmingCharacters(in: .newlines) + "\n")
        let route = try #require(result.configuration?.route(named: "carriers"), "\(result.rendered())")
        #expect(route.rules.count == 7)
        #expect(route.refusals == [.status(403), .text("number not served")])
    }

    @Test func carrierTableTakesTheLongestBlock() {
        #expect(Carrier.of("+8613412345678") == .chinaMobile)
        #expect(Carrier.of("+8613492345678") == .chinaTelecom)
        #expect(Carrier.of("+8618612345678") == .chinaUnicom)
        #expect(Carrier.of("+8619212345678") == .chinaBroadcasting)
        #expect(Carrier.of("+8617051234567") == .chinaMobile)
        #expect(Carrier.of("+8617071234567") == .chinaUnicom)
        #expect(Carrier.of("+85291234567") == nil)
        #expect(Carrier.of("+8612012345678") == nil)
        // No block is listed under two carriers.
        let all = Carrier.allCases.flatMap(\.prefixes)
        #expect(Set(all).count == all.count)
    }
}
