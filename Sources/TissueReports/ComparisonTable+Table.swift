import TissueBudgets
import TissueMetrics

/// A comparison table laid out for the generic renderers: the ``Table`` itself, the notes that
/// explain marked cells, and which rows open a group or are section headings (for LaTeX rules).
public struct ComparisonLayout: Sendable, Equatable {
    public var table: Table
    /// Footnotes, each starting with its marker (`¹ candidate accuracy unknown`).
    public var notes: [String]
    /// Rows (indices into `table.rows`) that open a group, after the first.
    public var groupStarts: [Int]
    /// Rows that hold a section heading in their first cell.
    public var headings: [Int]
}

extension ComparisonTable {
    /// The marker on a printed score that cannot be recomputed.
    static let reportedMark = "†"

    /// Column titles with units: `Acc (%)`, `FLOPs (×10⁸)`, `Params (M)`, `Acc for CE≥1`.
    public func title(_ column: ComparisonColumn) -> String {
        switch column {
        case .model: "Model"
        case .method: methodTitle
        case .dataset: "Dataset"
        case .acc: "Acc (%)"
        case .accChange: "ΔAcc"
        case .flops: "FLOPs" + flopsUnit.suffix
        case .params: "Params" + paramsUnit.suffix
        case .flopsKept: "FLOPs kept (%)"
        case .flopsSaved: "FLOPs saved (%)"
        case .paramsKept: "Params kept (%)"
        case .paramsSaved: "Params saved (%)"
        case .speedUp: "Speed-up"
        case .compression: "Compression"
        case .ce: "CE"
        case .se: "SE"
        case .accForCE: "Acc for CE≥\(targetName)"
        case .accForSE: "Acc for SE≥\(targetName)"
        case .nonzero: "Non-zero" + paramsUnit.suffix
        case .macs: "MACs" + flopsUnit.suffix
        case .effectiveMACs: "Eff. MACs" + flopsUnit.suffix
        case .weightBytes: "Weights" + bytesUnit.bytesSuffix
        case .activationBytes: "Activations" + bytesUnit.bytesSuffix
        case .weightCompression: "Compression (bytes)"
        }
    }

    /// For text, Markdown and LaTeX: empty derived cells read `-` with a numbered footnote giving
    /// the reason; printed scores that cannot be recomputed carry `†`.
    public func layout() -> ComparisonLayout {
        var table = Table(columns: columns.map { Table.Column(title($0), $0.isText ? .left : .right) })
        var notes: [String] = []
        var reasons: [String] = []
        var sawReported = false
        var groupStarts: [Int] = [], headings: [Int] = []
        for section in sections {
            if let heading = section.heading {
                headings.append(table.rows.count)
                table.rows.append([heading] + Array(repeating: "", count: max(0, columns.count - 1)))
            }
            for group in section.groups {
                if !table.rows.isEmpty, headings.last != table.rows.count - 1 { groupStarts.append(table.rows.count) }
                for (i, row) in group.rows.enumerated() {
                    table.rows.append(columns.map { column in
                        let cell = cell(column, row, in: group, first: i == 0)
                        func mark(_ sentence: String) -> String {
                            if !reasons.contains(sentence) { reasons.append(sentence) }
                            return Self.superscript((reasons.firstIndex(of: sentence) ?? 0) + 1)
                        }
                        if let text = cell.text {
                            sawReported = sawReported || cell.reportedOnly
                            if let printed = cell.printedOtherwise {
                                return text + mark("the source prints \(printed); its own numbers give the value shown")
                            }
                            return cell.reportedOnly ? text + Self.reportedMark : text
                        }
                        guard let why = cell.why else { return "-" }
                        return "-" + mark(why.description)
                    })
                }
            }
        }
        for (i, reason) in reasons.enumerated() {
            notes.append(Self.superscript(i + 1) + " " + Self.capitalized(reason) + ".")
        }
        if sawReported {
            notes.append(Self.reportedMark + " As printed in the source; its inputs are not all given, so tissue cannot recompute it.")
        }
        return ComparisonLayout(table: table, notes: notes, groupStarts: groupStarts, headings: headings)
    }

    /// For CSV: plain values without markers, and a last `notes` column that says, per row,
    /// why cells are empty and which scores are as printed.
    public func csvTable() -> Table {
        var table = Table(columns: columns.map { Table.Column(title($0), $0.isText ? .left : .right) } + [Table.Column("notes")])
        for section in sections {
            if let heading = section.heading {
                table.rows.append([heading] + Array(repeating: "", count: columns.count))
            }
            for group in section.groups {
                for row in group.rows {
                    var notes: [String] = []
                    var cells: [String] = []
                    for column in columns {
                        // Every CSV row names its model, so rows can be filtered on their own.
                        let cell = cell(column, row, in: group, first: true)
                        cells.append(cell.text ?? "")
                        if let why = cell.why { notes.append("\(title(column)): \(why)") }
                        if cell.reportedOnly { notes.append("\(title(column)): as printed") }
                        if let printed = cell.printedOtherwise { notes.append("\(title(column)): the source prints \(printed)") }
                    }
                    table.rows.append(cells + [notes.joined(separator: "; ")])
                }
            }
        }
        return table
    }

    /// Aligned text: the title, the table, its notes.
    public func text() -> String {
        let layout = layout()
        var out = title.map { $0 + "\n\n" } ?? ""
        var table = layout.table
        table.rows = Self.alignMarkers(table.rows, skipping: Set(layout.headings))
        out += TextTableRenderer.render(table)
        if !layout.notes.isEmpty { out += "\n" + layout.notes.map { $0 + "\n" }.joined() }
        return out
    }

    /// GitHub Markdown: a bold title, the table, its notes as separate lines.
    public func markdown() -> String {
        let layout = layout()
        var out = title.map { "**\($0)**\n\n" } ?? ""
        var table = layout.table
        for row in layout.headings where !table.rows[row].isEmpty { table.rows[row][0] = "**\(table.rows[row][0])**" }
        out += MarkdownTableRenderer.render(table)
        if !layout.notes.isEmpty { out += "\n" + layout.notes.joined(separator: "<br>\n") + "\n" }
        return out
    }

    /// RFC 4180 CSV (see ``csvTable()``).
    public func csv() -> String {
        CSVTableRenderer.render(csvTable())
    }

    /// A booktabs `table` environment, ready to paste (see ``LaTeXTableRenderer``).
    public func latex(label: String? = nil) -> String {
        let layout = layout()
        return LaTeXTableRenderer.render(layout.table, options: .init(
            caption: title, label: label, rulesBefore: layout.groupStarts, headings: layout.headings, notes: layout.notes))
    }

    /// Pads unmarked cells of a column that has marked ones (`1.05†`, `-¹`) with spaces, so
    /// that right-aligned digits stay in line.
    static func alignMarkers(_ rows: [[String]], skipping: Set<Int>) -> [[String]] {
        func markerLength(_ cell: String) -> Int {
            cell.reversed().prefix { $0 == "†" || "⁰¹²³⁴⁵⁶⁷⁸⁹".contains($0) }.count
        }
        var rows = rows
        let width = rows.map(\.count).max() ?? 0
        for column in 0..<width {
            let longest = rows.indices.filter { !skipping.contains($0) && column < rows[$0].count }
                .map { markerLength(rows[$0][column]) }.max() ?? 0
            guard longest > 0 else { continue }
            for r in rows.indices where !skipping.contains(r) && column < rows[r].count && !rows[r][column].isEmpty {
                let missing = longest - markerLength(rows[r][column])
                rows[r][column] += String(repeating: " ", count: missing)
            }
        }
        return rows
    }

    static func superscript(_ number: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return String(String(number).compactMap { $0.wholeNumberValue.map { digits[$0] } })
    }

    static func capitalized(_ text: String) -> String {
        (text.first.map { String($0).uppercased() } ?? "") + text.dropFirst()
    }
}
