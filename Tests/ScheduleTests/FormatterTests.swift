import Foundation
import LineLanguage
import Schedule
import Testing

struct FormatterTests {
    private func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: ScheduleTestSupport.fixtures + "/" + name, encoding: .utf8)
    }

    private func formatted(_ text: String, name: String = "t.schedule") throws -> String {
        let (output, diagnostics) = ScheduleFormatter.format(text: text, name: name)
        return try #require(output, "\(diagnostics.rendered(sources: [:]))")
    }

    @Test(arguments: ["campaign.schedule", "jiangxi.regions"])
    func formattingIsIdempotent(file: String) throws {
        let once = try formatted(try fixture(file), name: file)
        #expect(try formatted(once, name: file) == once)
    }

    @Test func theFormattedExampleLoadsToTheSameDocument() throws {
        let files = ["campaign.schedule", "jiangxi.regions"]
        var original: [String: String] = [:]
        var canonical: [String: String] = [:]
        for file in files {
            original[file] = try fixture(file)
            canonical[file] = try formatted(try fixture(file), name: file)
        }
        let before = try #require(ScheduleLoader.load(path: "campaign.schedule", files: original).document)
        let after = ScheduleLoader.load(path: "campaign.schedule", files: canonical)
        let document = try #require(after.document, "\(after.renderedDiagnostics)")
        #expect(ScheduleTestSupport.erasingLocations(document) == ScheduleTestSupport.erasingLocations(before))
        #expect(document.messages.map { $0.texts.mapValues(\.source) } == before.messages.map { $0.texts.mapValues(\.source) })
    }

    @Test func printsTheCanonicalForm() throws {
        let messy = """
            # the plan
            campaign c  Title
              starts 2021-2-9
              lasts 1 month   # short
              timezone Asia/Shanghai
              quiet 22:00-7:00,12:00-13:00
            region a  A
            region a/bb  B
              webhook x,y
            message m
              every mon,tue,wed,thu,fri 9:00
              every sat , sun 10:00
              every 1 day 11:00
              every month on 15,1 08:00
              except 2021-02-10 , 2021-02-12..2021-02-13
              to a/*,a except a/bb
              via sms,webhook
              webhook
                      # heading
                        indented

                      end
              text  hello {{x}} {region}
            """
        let output = try formatted(messy)
        #expect(output == """
            # the plan
            campaign c Title
                starts   2021-02-09
                lasts    1 month  # short
                timezone Asia/Shanghai
                quiet    22:00-07:00, 12:00-13:00 for sms, webhook

            region a     A
            region a/bb  B
                webhook x, y

            message m
                every   weekday 09:00
                every   weekend 10:00
                every   1 day 11:00
                every   month on 15, 1 08:00
                except  2021-02-10, 2021-02-12..2021-02-13
                to      a/*, a except a/bb
                via     sms, webhook
                webhook
                    # heading
                      indented

                    end
                text    hello {{x}} {region}

            """)
    }

    @Test func aMessyScheduleLoadsToTheSameDocumentOnceFormatted() throws {
        let messy = """
            campaign c  T   # the campaign
              starts 2021-2-9
              ends 2021-03-31
              timezone Europe/Berlin
              quiet 22:00-7:00 ,12:00-13:00
              signature  【测试】
            # regions
            region a  A
              set v 1
            region a/bb  B
              sms  list.txt   via  gw
              webhook x,y
              webhook z
            message m
              at 2021-02-10 9:00,2021-02-11 10:00
              every sat , sun 10:00
              every 2 week on thu 14:00
              from 2021-02-10
              until 2021-03-20
              except 2021-02-12..2021-02-13
              to a/**,a except a
              via webhook,sms
              sms  {v} #1 {{literal}}
              webhook
                   line {region}
                     deeper

                   last
            """
        let (formatted, diagnostics) = ScheduleFormatter.format(text: messy, name: "m")
        let output = try #require(formatted, "\(diagnostics)")
        let before = ScheduleLoader.load(path: "m", files: ["m": messy])
        let after = ScheduleLoader.load(path: "m", files: ["m": output])
        let original = try #require(before.document, "\(before.renderedDiagnostics)")
        let reformatted = try #require(after.document, "\(after.renderedDiagnostics)")
        #expect(ScheduleTestSupport.erasingLocations(reformatted) == ScheduleTestSupport.erasingLocations(original))
        #expect(reformatted.messages[0].texts[.webhook]?.source == "line {region}\n  deeper\n\nlast")
        #expect(reformatted.messages[0].texts[.sms]?.source == "{v} #1 {{literal}}")
        #expect(ScheduleFormatter.format(text: output, name: "m").0 == output)
        #expect(output.contains("    every   2 weeks on thursday 14:00\n"))
        #expect(output.contains("campaign c T  # the campaign\n"))
    }

    @Test func quotesPathsAndNamesThatNeedIt() throws {
        let text = "include \"my regions.regions\"\nregion a A\n    sms \"lists/a b.txt\" via \"gw,1\"\n    webhook \"#x\", y\n"
        let output = try formatted(text)
        #expect(output == "include \"my regions.regions\"\n\nregion a  A\n    sms     \"lists/a b.txt\" via \"gw,1\"\n    webhook \"#x\", y\n")
        #expect(try formatted(output) == output)
    }

    @Test func refusesAFileWithSyntaxErrors() {
        let (output, diagnostics) = ScheduleFormatter.format(text: "message m\n    every fortnight 09:00\n", name: "t")
        #expect(output == nil)
        #expect(diagnostics.first?.location.line == 2)
    }
}
