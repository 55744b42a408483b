/// Exact decimal quantities with SI suffixes.
public enum Quantity {
    public static let suffixes: [(String, Int)] = [("k", 1_000), ("M", 1_000_000), ("G", 1_000_000_000),
                                                   ("T", 1_000_000_000_000)]

    /// `digits` like `11.2`, `suffix` one of k, M, G, T or empty; nil on overflow or a bad suffix.
    /// The result is floored to an integer.
    public static func parse(digits: String, suffix: String) -> Int? {
        var multiplier = 1
        if !suffix.isEmpty {
            guard let entry = suffixes.first(where: { $0.0 == suffix }) else { return nil }
            multiplier = entry.1
        }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int(parts[0]) else { return nil }
        var fraction = 0, scale = 1
        if parts.count == 2 {
            for digit in parts[1] {
                guard let d = digit.wholeNumberValue else { return nil }
                let (f, o1) = fraction.multipliedReportingOverflow(by: 10)
                let (s, o2) = scale.multipliedReportingOverflow(by: 10)
                guard !o1, !o2 else { return nil }
                fraction = f + d
                scale = s
            }
        }
        let (w, o1) = whole.multipliedReportingOverflow(by: multiplier)
        let (f, o2) = fraction.multipliedReportingOverflow(by: multiplier)
        guard !o1, !o2 else { return nil }
        let (sum, o3) = w.addingReportingOverflow(f / scale)
        return o3 ? nil : sum
    }

    /// Parses a whole quantity string such as `11.2M` (for command-line flags).
    public static func parse(_ text: String) -> Int? {
        let digits = String(text.prefix { $0.isNumber || $0 == "." || $0 == "_" }).filter { $0 != "_" }
        guard !digits.isEmpty else { return nil }
        return parse(digits: digits, suffix: String(text.dropFirst(text.prefix { $0.isNumber || $0 == "." || $0 == "_" }.count)))
    }
}
