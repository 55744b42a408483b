/// What a budget limits. The four counts of an ``Analysis`` and the weight memory are upper
/// limits; the efficiency scores CE and SE against a baseline are lower limits.
public enum BudgetMetric: String, Sendable, CaseIterable, Comparable {
    case params, macs, flops, activations
    /// Parameters × bytes per parameter: the weight memory of the stored model.
    case weightBytes = "weight-bytes"
    /// Computation efficiency against a baseline (higher is better).
    case ce
    /// Storage efficiency against a baseline (higher is better).
    case se

    public init(_ metric: Budget.Metric) {
        switch metric {
        case .params: self = .params
        case .macs: self = .macs
        case .flops: self = .flops
        case .activations: self = .activations
        }
    }

    /// `true` for a ceiling (measured ≤ limit), `false` for a floor (measured ≥ limit).
    public var isMaximum: Bool {
        switch self {
        case .params, .macs, .flops, .activations, .weightBytes: true
        case .ce, .se: false
        }
    }

    /// The comparison a budget of this metric asserts.
    public var comparison: String { isMaximum ? "<=" : ">=" }

    /// How the metric is named in reports (`CE`, `weight bytes`).
    public var displayName: String {
        switch self {
        case .params, .macs, .flops, .activations: rawValue
        case .weightBytes: "weight bytes"
        case .ce: "CE"
        case .se: "SE"
        }
    }

    /// Declaration order: the order budgets are reported in.
    public static func < (lhs: BudgetMetric, rhs: BudgetMetric) -> Bool {
        let order = allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }
}

/// A measured value or a limit: an exact count, or an efficiency score.
public enum BudgetValue: Sendable, Equatable {
    case count(Int)
    case score(Double)

    public var doubleValue: Double {
        switch self {
        case .count(let n): Double(n)
        case .score(let x): x
        }
    }
}

/// Where a budget came from: a `budget` statement, or a command-line option that may replace
/// the file's own budgets of the same metric.
public enum BudgetSource: Sendable, Equatable {
    /// A `budget` statement at this place in the model file.
    case file(SourceLocation)
    /// A command-line option (`--max-params`); `overrides` lists the statements it replaced.
    case option(String, overrides: [SourceLocation])

    /// The statement's line, for annotations; nil for an option.
    public var line: Int? {
        if case .file(let location) = self { return location.line }
        return nil
    }
}

/// One limit to check: a metric, its bound, how the user wrote it, and where it came from.
public struct BudgetLimit: Sendable, Equatable {
    public var metric: BudgetMetric
    public var limit: BudgetValue
    /// The limit as the user wrote it (`11.2M`, `1.5`), for reports.
    public var written: String
    public var source: BudgetSource

    public init(metric: BudgetMetric, limit: BudgetValue, written: String, source: BudgetSource) {
        self.metric = metric
        self.limit = limit
        self.written = written
        self.source = source
    }

    /// A `budget` statement of a model file.
    public init(_ budget: Budget) {
        self.init(metric: BudgetMetric(budget.metric), limit: .count(budget.limit), written: budget.written,
                  source: .file(budget.location))
    }
}
