/// What a budget limits. The four counts of an ``Analysis`` and the weight memory are upper
/// limits; the efficiency scores CE and SE against a baseline are lower limits.
public enum BudgetMetric: String, Sendable, CaseIterable, Comparable {
    case params, macs, flops, activations
    /// Parameters × bytes per parameter: the weight memory of the stored model.
    case weightBytes = "weight-bytes"
    /// The peak of live activation bytes at inference (``MemoryEstimate/peakActivationBytes``).
    case activationBytes = "activation-bytes"
    /// Computation efficiency against a baseline (higher is better).
    case ce
    /// Storage efficiency against a baseline (higher is better).
    case se

    /// The four counts of an analysis: what a model file's `budget` statement and `sweep --budget` limit.
    public static let counts: [BudgetMetric] = [.params, .macs, .flops, .activations]

    /// The count this metric reads from an analysis' totals; nil for the others.
    public func count(of cost: Cost) -> Int? {
        switch self {
        case .params: cost.params
        case .macs: cost.macs
        case .flops: cost.flops
        case .activations: cost.activations
        case .weightBytes, .activationBytes, .ce, .se: nil
        }
    }

    /// `true` for a ceiling (measured ≤ limit), `false` for a floor (measured ≥ limit).
    public var isMaximum: Bool {
        switch self {
        case .params, .macs, .flops, .activations, .weightBytes, .activationBytes: true
        case .ce, .se: false
        }
    }

    /// A size in bytes, shown in kB/MB (or KiB/MiB) rather than as a count.
    public var isBytes: Bool {
        switch self {
        case .weightBytes, .activationBytes: true
        case .params, .macs, .flops, .activations, .ce, .se: false
        }
    }

    /// The comparison a budget of this metric asserts.
    public var comparison: String { isMaximum ? "<=" : ">=" }

    /// How the metric is named in reports (`CE`, `weight bytes`).
    public var displayName: String {
        switch self {
        case .params, .macs, .flops, .activations: rawValue
        case .weightBytes: "weight bytes"
        case .activationBytes: "activation bytes"
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

/// Where a budget came from: the model's own description, or a command-line option that may
/// replace the model's budgets of the same metric.
public enum BudgetSource: Sendable, Equatable {
    /// Stated with the model, at this place in its description (a `budget` statement).
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
/// A network carries the budgets stated with it in ``Metadata/budgets``.
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
}
