/// Columns padded to their widest cell, two spaces apart; the last column is
/// not padded, so a long reason does not push trailing blanks.
public struct TextTable: Sendable {
    public var header: [String]?
    public var rows: [[String]] = []
    public var indent = ""

    public init(header: [String]? = nil, rows: [[String]] = [], indent: String = "") {
        self.header = header
        self.rows = rows
        self.indent = indent
    }

    public func rendered() -> String {
        let all = (header.map { [$0] } ?? []) + rows
        guard let columns = all.map(\.count).max(), columns > 0 else { return "" }
        var widths = Array(repeating: 0, count: columns)
        for row in all {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.displayWidth) }
        }
        return all.map { row in
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.displayWidth)
            }
            return indent + cells.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
