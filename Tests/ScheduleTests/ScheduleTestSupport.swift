import Foundation
import LineLanguage
import Schedule

/// Loading from in-memory files, and comparing documents without source positions.
enum ScheduleTestSupport {
    static let header = """
        campaign chunfeng 春风行动
            starts   2021-02-09
            lasts    3 months
            timezone Asia/Shanghai
            quiet    21:30-08:00 for sms
            sms-gateway kannel-main
            set      hotline 96110
        region jiangxi 江西省
            webhook  province-media-desk
        region jiangxi/nanchang 南昌市
            sms      recipients/nanchang.txt
            set      station 南昌市公安局
        region jiangxi/nanchang/donghu 东湖区
        region jiangxi/jiujiang 九江市

        """

    /// The header campaign and regions, then `body`.
    static func load(_ body: String) -> ScheduleLoadResult {
        ScheduleLoader.load(path: "t.schedule", files: ["t.schedule": header + body])
    }

    static var fixtures: String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.path
    }

    static let nowhere = SourceLocation(file: "", line: 0, column: 0)

    static func erasingLocations(_ document: ScheduleDocument) -> ScheduleDocument {
        var copy = document
        copy.files = []
        copy.campaign.location = nowhere
        copy.references = copy.references.map { NameReference(kind: $0.kind, name: $0.name, location: nowhere) }
        for index in copy.regions.indices {
            copy.regions[index].location = nowhere
            copy.regions[index].sms?.location = nowhere
        }
        for index in copy.messages.indices {
            copy.messages[index].location = nowhere
            copy.messages[index].rules = copy.messages[index].rules.map { Rule($0.recurrence, location: nowhere) }
            for channel in copy.messages[index].texts.keys {
                copy.messages[index].texts[channel]?.location = nowhere
                copy.messages[index].texts[channel]?.source = ""
            }
        }
        return copy
    }
}
