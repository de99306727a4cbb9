/// Columns padded to their widest cell, two spaces apart; the last column is
/// not padded, so a long reason does not push trailing blanks.
struct TextTable {
    var header: [String]?
    var rows: [[String]] = []
    var indent = ""

    func rendered() -> String {
        let all = (header.map { [$0] } ?? []) + rows
        guard let columns = all.map(\.count).max(), columns > 0 else { return "" }
        var widths = Array(repeating: 0, count: columns)
        for row in all {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], TextTable.width(cell)) }
        }
        return all.map { row in
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - TextTable.width(cell))
            }
            return indent + cells.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Terminal cells: CJK ideographs and full-width forms take two.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6:
                return width + 2
            default:
                return width + 1
            }
        }
    }
}
