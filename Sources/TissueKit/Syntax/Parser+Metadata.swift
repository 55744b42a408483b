extension Parser {
    /// `accuracy 76.13` or `accuracy 76.13%`
    mutating func parseAccuracy() throws(Diagnostic) -> DecimalLiteral {
        let token = current
        let text: String
        switch token.kind {
        case .decimal(let digits): text = digits
        case .integer(let value): text = String(value)
        default:
            throw Diagnostic(.expected("a percentage such as 'accuracy 76.13'", found: token.quoted), at: token.location)
        }
        advance()
        if isSymbol(.percent) { advance() }
        guard let value = DecimalLiteral(text), value.value >= 0, value.value <= 100 else {
            throw Diagnostic(.accuracyOutOfRange(token.text), at: token.location)
        }
        return value
    }

    /// `budget params <= 11.2M`
    mutating func parseBudget(at location: SourceLocation) throws(Diagnostic) -> Budget {
        let metricToken = current
        let names = Budget.Metric.allCases.map(\.rawValue)
        guard let word = metricToken.identifier else {
            throw Diagnostic(.expected("a budget metric (\(names.joined(separator: ", ")))", found: metricToken.quoted),
                             at: metricToken.location)
        }
        guard let metric = Budget.Metric(rawValue: word) else {
            throw Diagnostic(.unknownBudgetMetric(word, suggestion: Suggestion.closest(to: word, among: names)),
                             at: metricToken.location)
        }
        advance()
        _ = try expect(.lessOrEqual, "after 'budget \(word)', as in 'budget \(word) <= 11.2M'")
        let (limit, written) = try parseQuantity()
        return Budget(metric: metric, limit: limit, written: written, location: location)
    }

    /// An integer or decimal with an optional adjacent suffix `k`, `M`, `G`, `T`.
    /// Decimal limits are floored: a count can only ever be an integer.
    mutating func parseQuantity() throws(Diagnostic) -> (Int, String) {
        let number = current
        let digits: String
        switch number.kind {
        case .integer(let value): digits = String(value)
        case .decimal(let text): digits = text
        default:
            throw Diagnostic(.expected("a quantity such as '11.2M' or '500000'", found: number.quoted), at: number.location)
        }
        advance()
        var written = number.text
        var suffix = ""
        if let word = current.identifier, current.range.lowerBound == number.range.upperBound {
            suffix = word
            written += word
            advance()
        } else if let word = current.identifier, Quantity.suffixes.contains(where: { $0.0 == word }) {
            // `1 M`: the suffix must touch the number, or it would read as the next statement.
            throw Diagnostic(.detachedQuantitySuffix(number: number.text, suffix: word), at: current.location)
        }
        guard let quantity = Quantity.parse(digits: digits, suffix: suffix) else {
            throw Diagnostic(.invalidQuantity(written), at: number.location)
        }
        return (quantity, written)
    }
}

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
