
/// RFC 4180 CSV: comma-separated, CRLF line ends, fields quoted when they contain a comma,
/// a quote or a line break (quotes doubled). Footer rows follow the body rows.
public enum CSVTableRenderer {
    public static func render(_ table: Table) -> String {
        ([table.columns.map(\.title)] + table.rows + table.footer)
            .map { $0.map(field).joined(separator: ",") + "\r\n" }
            .joined()
    }

    public static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    /// Replaces every occurrence of `target` (Foundation-free).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
