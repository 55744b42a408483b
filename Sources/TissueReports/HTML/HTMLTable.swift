/// A ``Table`` as an HTML table. Right-aligned columns are numbers: each cell may carry its
/// exact value (`data-value`), by which the page's script sorts; the cell shows the rounded text.
enum HTMLTable {
    /// `values`, when given, has the same shape as `table` and holds exact numbers for its cells.
    /// `rowPaths` gives each row a `data-path` for the filter.
    static func render(_ table: Table, values: Table? = nil, id: String? = nil, sortable: Bool = true,
                       rowPaths: [String]? = nil) -> String {
        let numeric = table.columns.map { $0.alignment == .right }
        func cells(_ row: [String], exact: [String]?, tag: String) -> String {
            row.enumerated().map { index, text in
                var attributes = index < numeric.count && numeric[index] ? " class=\"num\"" : ""
                if let exact, index < exact.count, exact[index] != text, index < numeric.count, numeric[index] {
                    attributes += " data-value=\"\(HTMLPage.attribute(exact[index]))\" title=\"\(HTMLPage.attribute(exact[index]))\""
                }
                return "<\(tag)\(attributes)>\(HTMLPage.escape(text))</\(tag)>"
            }.joined()
        }
        var out = "<table" + (id.map { " id=\"\(HTMLPage.attribute($0))\"" } ?? "") + (sortable ? " class=\"sortable\"" : "") + ">\n"
        out += "<thead><tr>" + table.columns.enumerated().map { index, column in
            "<th scope=\"col\"\(numeric[index] ? " class=\"num\"" : "")>\(HTMLPage.escape(column.title))</th>"
        }.joined() + "</tr></thead>\n<tbody>\n"
        for (index, row) in table.rows.enumerated() {
            let path = rowPaths.flatMap { index < $0.count ? $0[index] : nil }
            out += "<tr" + (path.map { " data-path=\"\(HTMLPage.attribute($0))\"" } ?? "") + ">"
                + cells(row, exact: values.flatMap { index < $0.rows.count ? $0.rows[index] : nil }, tag: "td") + "</tr>\n"
        }
        out += "</tbody>\n"
        if !table.footer.isEmpty {
            out += "<tfoot>\n" + table.footer.enumerated().map { index, row in
                "<tr>" + cells(row, exact: values.flatMap { index < $0.footer.count ? $0.footer[index] : nil }, tag: "td") + "</tr>\n"
            }.joined() + "</tfoot>\n"
        }
        return out + "</table>\n"
    }
}
