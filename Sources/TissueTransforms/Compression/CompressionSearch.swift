import TissueDiagnostics
import TissueIR
import TissueNumerics

/// Finds the value of a method's `?` (``CompressionSpec/searched``) for a budget: the first
/// value of the method's grid (``CompressionFamily/searchGrid``, ordered from the setting that
/// keeps the most to the one that keeps the least) whose result meets every budget. So the
/// answer is the largest kept setting that fits — the smallest ratio removed, the largest rank
/// fraction, bit width or hidden width — and the step before it in the grid, when there is one,
/// is reported with the budget it breaks. A value that cannot be applied (a rank that makes a
/// layer larger) counts as not meeting the budget.
///
/// Each value is a full rewrite and analysis, linear in the network; the grids have at most 100 values.
public struct CompressionSearch: Sendable {
    public var spec: CompressionSpec
    public var budgets: [CompressionBudget]
    public var convention: Convention
    public var precision: Precision

    public init(spec: CompressionSpec, budgets: [CompressionBudget], convention: Convention, precision: Precision) {
        self.spec = spec
        self.budgets = budgets
        self.convention = convention
        self.precision = precision
    }

    /// A setting tried and why it was not taken.
    public enum Rejection: Sendable, Equatable {
        /// Its totals break these budgets (with the value measured).
        case exceeds([(budget: CompressionBudget, measured: Int)])
        /// It cannot be applied; the sentence says why.
        case invalid(String)

        public static func == (lhs: Rejection, rhs: Rejection) -> Bool {
            switch (lhs, rhs) {
            case (.exceeds(let a), .exceeds(let b)): a.map(\.budget) == b.map(\.budget) && a.map(\.measured) == b.map(\.measured)
            case (.invalid(let a), .invalid(let b)): a == b
            case (.exceeds, _), (.invalid, _): false
            }
        }
    }

    public struct Result: Sendable {
        /// The value found, as written in place of `?`.
        public var value: String
        public var compressed: CompressedNetwork
        public var totals: CompressionTotals
        /// The grid's previous value (one step toward keeping more) and why it was rejected;
        /// nil when the first value already fits.
        public var previous: (value: String, rejection: Rejection)?
    }

    /// Tries the grid in order, keeping more each step, and returns the first value that meets
    /// every budget; `progress` is told the fraction of the grid tried.
    public func run(on network: Network, progress: ((Double) -> Void)? = nil) throws(Diagnostic) -> Result {
        guard let family = spec.searched, let grid = family.searchGrid else {
            throw Diagnostic(.compression(.notSearchable(spec.text, method: spec.text)), at: nil)
        }
        var previous: (value: String, rejection: Rejection)?
        var closest: (value: String, measured: Int)?
        for (index, value) in grid.enumerated() {
            defer { progress?(Double(index + 1) / Double(grid.count)) }
            let compressed: CompressedNetwork
            let totals: CompressionTotals
            do {
                compressed = try CompressionMethod.apply(try spec.methods(searchValue: value), to: network)
                totals = try CompressionTotals(compressed, convention: convention, precision: precision)
            } catch {
                // Only a rank can be wrong for one value and right for another; anything else
                // (a glob that selects nothing, a network that cannot be rewritten) is the answer.
                guard case .compression(.rankTooLarge) = error.kind else { throw error }
                previous = (value, .invalid(error.message))
                continue
            }
            let broken = budgets.filter { !$0.holds(totals) }.map { ($0, $0.metric.value(totals)) }
            if broken.isEmpty {
                return Result(value: value, compressed: compressed, totals: totals, previous: previous)
            }
            previous = (value, .exceeds(broken))
            if let first = budgets.first {
                let measured = first.metric.value(totals)
                if closest.map({ measured < $0.measured }) ?? true { closest = (value, measured) }
            }
        }
        let limits = budgets.map(\.description).joined(separator: ", ")
        let best = closest.map { "the least \(budgets.first?.metric.rawValue ?? "") reached is \(NumberFormat.si($0.measured)), at '\(spec.resolved($0.value))'" }
            ?? (previous.map { value, rejection in
                if case .invalid(let why) = rejection { return "'\(spec.resolved(value))' fails: \(why)" }
                return "no value applies"
            } ?? "no value applies")
        throw Diagnostic(.compression(.budgetNotMet(search: spec.text, budgets: limits, closest: best)), at: nil)
    }
}
