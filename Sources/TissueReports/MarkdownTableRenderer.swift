
/// GitHub-flavoured Markdown: pipes escaped, numeric columns right-aligned, footer rows in bold.
public enum MarkdownTableRenderer {
    public static func render(_ table: Table) -> String {
        func escape(_ cell: String) -> String {
            cell.replacingAll("\\", with: "\\\\").replacingAll("|", with: "\\|")
        }
        func line(_ cells: [String]) -> String {
            "| " + cells.map(escape).joined(separator: " | ") + " |"
        }
        var out = line(table.columns.map(\.title)) + "\n"
        out += "|" + table.columns.map { $0.alignment == .right ? "---:" : ":---" }.joined(separator: "|") + "|\n"
        for row in table.rows { out += line(row) + "\n" }
        for row in table.footer { out += line(row.map { $0.isEmpty ? "" : "**\($0)**" }) + "\n" }
        return out
    }
}
