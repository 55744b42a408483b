
/// Aligned plain text for the terminal: a header, a rule, the rows, a rule, the footer.
public enum TextTableRenderer {
    public static func render(_ table: Table) -> String {
        let all = [table.columns.map(\.title)] + table.rows + table.footer
        var widths = [Int](repeating: 0, count: table.columns.count)
        for row in all {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, column) in table.columns.enumerated() {
                let cell = i < cells.count ? cells[i] : ""
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                parts.append(column.alignment == .right ? pad + cell : cell + pad)
            }
            return String(parts.joined(separator: "  ").reversed().drop { $0 == " " }.reversed())
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * max(0, widths.count - 1))
        var out = line(table.columns.map(\.title)) + "\n" + rule + "\n"
        for row in table.rows { out += line(row) + "\n" }
        if !table.footer.isEmpty {
            out += rule + "\n"
            for row in table.footer { out += line(row) + "\n" }
        }
        return out
    }
}
