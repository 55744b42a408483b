import TissueIR
import TissueNumerics

/// The verdict on one budget: what was measured, the limit, and the headroom left.
public struct BudgetResult: Sendable, Equatable {
    public var budget: BudgetLimit
    public var measured: BudgetValue
    /// Headroom: `limit − measured` for a ceiling, `measured − limit` for a floor.
    /// Negative exactly when the budget is violated.
    public var margin: BudgetValue
    /// `margin / limit × 100`; nil when the limit is zero.
    public var marginPercent: Double?

    public var metric: BudgetMetric { budget.metric }

    public var passed: Bool {
        switch margin {
        case .count(let n): n >= 0
        case .score(let x): x >= 0
        }
    }

    /// Compares a measurement with its limit. Counts stay exact; scores are Doubles.
    init(_ budget: BudgetLimit, measured: BudgetValue) throws(Checked.Overflow) {
        self.budget = budget
        self.measured = measured
        switch (measured, budget.limit) {
        case (.count(let value), .count(let limit)):
            margin = .count(budget.metric.isMaximum ? try Checked.subtract(limit, value)
                                                    : try Checked.subtract(value, limit))
        default:
            let value = measured.doubleValue, limit = budget.limit.doubleValue
            margin = .score(budget.metric.isMaximum ? limit - value : value - limit)
        }
        let limit = budget.limit.doubleValue
        marginPercent = limit == 0 ? nil : margin.doubleValue / limit * 100
    }
}
