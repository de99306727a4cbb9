/// The mainland carriers a route can name, and the number blocks (号段) each one
/// was allotted. This file is the whole table: when MIIT allots a new block, add
/// one line below (and a line to docs/routing.md). A longer prefix wins over a
/// shorter one, so `1349` (Telecom's satellite block) beats `134` (Mobile's).
///
/// Numbers are matched in E.164 without the `+`, so every prefix here starts
/// with China's calling code, 86. Numbers ported between carriers (携号转网)
/// keep their old prefix: that is what a route's fallback and `not-mine`
/// answers are for.
///
/// Sources: MIIT's allotments as published by the carriers (2024); virtual
/// operators' blocks (162, 165, 167, 170, 171) are listed under the network
/// that carries them.
public enum Carrier: String, Hashable, Sendable, CaseIterable {
    case chinaMobile = "china-mobile"
    case chinaUnicom = "china-unicom"
    case chinaTelecom = "china-telecom"
    case chinaBroadcasting = "china-broadcasting"

    /// Mobile-number blocks after 86, by carrier.
    static let blocks: [Carrier: [String]] = [
        .chinaMobile: [
            "1340", "1341", "1342", "1343", "1344", "1345", "1346", "1347", "1348",
            "135", "136", "137", "138", "139", "1440", "147", "148", "150", "151", "152", "157", "158", "159",
            "165", "1703", "1705", "1706", "172", "178", "182", "183", "184", "187", "188", "195", "197", "198",
        ],
        .chinaUnicom: [
            "130", "131", "132", "145", "146", "155", "156", "166", "167", "1704", "1707", "1708", "1709",
            "171", "175", "176", "185", "186", "196",
        ],
        .chinaTelecom: [
            "133", "1349", "149", "153", "162", "1700", "1701", "1702", "173", "174", "177",
            "180", "181", "189", "190", "191", "193", "199",
        ],
        .chinaBroadcasting: ["192"],
    ]

    /// The carrier's prefixes as E.164 digits without `+`: `86135`, ….
    public var prefixes: [String] { (Self.blocks[self] ?? []).map { "86" + $0 } }

    /// The carrier of a mainland number in E.164 (`+8613800138000`), by its longest matching block.
    public static func of(_ number: String) -> Carrier? {
        let digits = number.hasPrefix("+") ? number.dropFirst() : Substring(number)
        var best: (carrier: Carrier, length: Int)?
        for carrier in allCases {
            for prefix in carrier.prefixes where digits.hasPrefix(prefix) && prefix.count > (best?.length ?? 0) {
                best = (carrier, prefix.count)
            }
        }
        return best?.carrier
    }
}
