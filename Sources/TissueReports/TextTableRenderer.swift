
/// Aligned plain text for the terminal: a header, a rule, the rows, a rule, the footer.
///
/// Written as bytes into one buffer, each cell measured once: on a table of a few hundred rows
/// this is where a whole `tissue analyze` spends most of its time after start-up.
public enum TextTableRenderer {
    public static func render(_ table: Table) -> String {
        let count = table.columns.count
        let lines = [table.columns.map(\.title)] + table.rows + table.footer
        let cellWidths = lines.map { line in line.prefix(count).map(Self.width) }
        var widths = [Int](repeating: 0, count: count)
        for line in cellWidths {
            for (i, width) in line.enumerated() where width > widths[i] { widths[i] = width }
        }
        let lineWidth = widths.reduce(0, +) + 2 * max(0, count - 1)
        var out: [UInt8] = []
        out.reserveCapacity((lineWidth + 1) * (lines.count + 2))
        let blank = UInt8(ascii: " ")
        func write(_ index: Int) {
            let start = out.count
            for (i, column) in table.columns.enumerated() {
                if i > 0 { out.append(contentsOf: [blank, blank]) }
                let cell = i < lines[index].count ? lines[index][i] : ""
                let pad = widths[i] - (i < cellWidths[index].count ? cellWidths[index][i] : 0)
                if column.alignment == .right { out.append(contentsOf: repeatElement(blank, count: pad)) }
                out.append(contentsOf: cell.utf8)
                if column.alignment == .left { out.append(contentsOf: repeatElement(blank, count: pad)) }
            }
            while out.count > start, out.last == blank { out.removeLast() }
            out.append(UInt8(ascii: "\n"))
        }
        func rule() {
            out.append(contentsOf: repeatElement(UInt8(ascii: "-"), count: lineWidth))
            out.append(UInt8(ascii: "\n"))
        }
        write(0)
        rule()
        for index in lines.indices.dropFirst().prefix(table.rows.count) { write(index) }
        if !table.footer.isEmpty {
            rule()
            for index in lines.indices.suffix(table.footer.count) { write(index) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A cell's width on screen: its Unicode scalars (`→`, `×`, `µ` are one each), counted as the
    /// UTF-8 bytes that start one.
    static func width(_ cell: String) -> Int {
        var cell = cell
        return cell.withUTF8 { bytes in
            var scalars = 0
            for byte in bytes where byte & 0xC0 != 0x80 { scalars += 1 }
            return scalars
        }
    }
}
