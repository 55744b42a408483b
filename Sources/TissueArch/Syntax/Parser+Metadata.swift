import TissueDiagnostics
import TissueIR
import TissueNumerics

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
        try advance()
        if isSymbol(.percent) { try advance() }
        guard let value = DecimalLiteral(text), value.value >= 0, value.value <= 100 else {
            throw Diagnostic(.accuracyOutOfRange(token.text), at: token.location)
        }
        return value
    }

    /// `budget params <= 11.2M`, `budget weight-bytes <= 4M`, `budget ce >= 2`: a count with
    /// `<=`, or an efficiency score against a baseline with `>=`.
    mutating func parseBudget(at location: SourceLocation) throws(Diagnostic) -> BudgetLimit {
        let metricToken = current
        let names = BudgetMetric.allCases.map(\.rawValue)
        guard var word = metricToken.identifier else {
            throw Diagnostic(.expected("a budget metric (\(names.joined(separator: ", ")))", found: metricToken.quoted),
                             at: metricToken.location)
        }
        try advance()
        // `weight-bytes`: words joined by hyphens with no blank between.
        var end = metricToken.range.upperBound
        while isSymbol(.minus), current.range.lowerBound == end {
            let minus = current
            try advance()
            guard let next = current.identifier, current.range.lowerBound == minus.range.upperBound else {
                throw Diagnostic(.expected("a budget metric (\(names.joined(separator: ", ")))", found: "'\(word)-'"),
                                 at: metricToken.location)
            }
            word += "-" + next
            end = current.range.upperBound
            try advance()
        }
        guard let metric = BudgetMetric(rawValue: word) else {
            throw Diagnostic(.unknownBudgetMetric(word, suggestion: Suggestion.closest(to: word, among: names)),
                             at: metricToken.location)
        }
        let comparison = current
        let expected: Token.Symbol = metric.isMaximum ? .lessOrEqual : .greaterOrEqual
        if isSymbol(.lessOrEqual) || isSymbol(.greaterOrEqual), !isSymbol(expected) {
            throw Diagnostic(.budgetComparison(metric, found: comparison.text), at: comparison.location)
        }
        _ = try expect(expected, "after 'budget \(word)', as in 'budget \(word) \(metric.comparison) \(metric.isMaximum ? "11.2M" : "1.5")'")
        guard metric.isMaximum else {
            let number = current
            let score: Double?
            switch number.kind {
            case .integer(let value): score = Double(value)
            case .decimal(let text): score = DecimalLiteral(text)?.value
            default: score = nil
            }
            try advance()
            var written = number.text
            if let suffix = current.identifier, current.range.lowerBound == number.range.upperBound {
                written += suffix
                throw Diagnostic(.invalidScore(written, metric: word), at: number.location)
            }
            guard let score, score.isFinite, score >= 0 else { throw Diagnostic(.invalidScore(written, metric: word), at: number.location) }
            return BudgetLimit(metric: metric, limit: .score(score), written: written, source: .file(location))
        }
        let (limit, written) = try parseQuantity()
        return BudgetLimit(metric: metric, limit: .count(limit), written: written, source: .file(location))
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
        try advance()
        var written = number.text
        var suffix = ""
        if let word = current.identifier, current.range.lowerBound == number.range.upperBound {
            suffix = word
            written += word
            try advance()
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
