import TissueDiagnostics
import TissueIR
import TissueMetrics
import TissueNumerics

/// Checks one analysed model against its budgets: the file's own `budget` statements and the
/// limits given on the command line, where an option replaces every file budget of its metric.
///
/// Pure: the caller reads the files and decides what a failure means for the exit status.
public struct BudgetCheck: Sendable {
    /// A model as the check needs it: its analysis and its `accuracy` statement, if any.
    public struct Model: Sendable {
        public var analysis: Analysis
        /// Top-1 accuracy in percent.
        public var accuracy: Double?
        /// The bytes at the check's precision, for `weight-bytes` and `activation-bytes`.
        public var memory: MemoryEstimate?

        public init(analysis: Analysis, accuracy: Double?, memory: MemoryEstimate? = nil) {
            self.analysis = analysis
            self.accuracy = accuracy
            self.memory = memory
        }
    }

    /// Why a check could not be made; `inBaseline` tells whose file the diagnostic is about.
    public struct Failure: Error, Sendable, Equatable {
        public var diagnostic: Diagnostic
        public var inBaseline: Bool

        public init(_ kind: DiagnosticKind, inBaseline: Bool = false) {
            diagnostic = Diagnostic(kind, at: nil)
            self.inBaseline = inBaseline
        }
    }

    public var model: Model
    public var fileBudgets: [BudgetLimit]
    public var optionLimits: [BudgetLimit]
    /// The precision of a stored parameter, for `weight-bytes` (float32 unless `--dtype` says).
    public var precision: Precision
    /// The reference for CE and SE.
    public var baseline: Model?

    public init(model: Model, fileBudgets: [BudgetLimit], optionLimits: [BudgetLimit] = [],
                precision: Precision = .float32, baseline: Model? = nil) {
        self.model = model
        self.fileBudgets = fileBudgets
        self.optionLimits = optionLimits
        self.precision = precision
        self.baseline = baseline
    }

    /// The budgets that apply, ordered by metric, then by source position: every file budget
    /// whose metric no option sets, and every option, noting the statements it replaces.
    public var limits: [BudgetLimit] {
        let file = fileBudgets
        var applied = file.filter { budget in !optionLimits.contains { $0.metric == budget.metric } }
        for var option in optionLimits {
            let replaced = file.filter { $0.metric == option.metric }.compactMap { budget -> SourceLocation? in
                if case .file(let location) = budget.source { return location }
                return nil
            }
            if case .option(let name, _) = option.source, !replaced.isEmpty {
                option.source = .option(name, overrides: replaced)
            }
            applied.append(option)
        }
        return applied.enumerated().sorted { a, b in
            a.element.metric != b.element.metric ? a.element.metric < b.element.metric : a.offset < b.offset
        }.map(\.element)
    }

    /// Measures every applicable budget. Fails when there is nothing to check or a measurement
    /// is impossible (no accuracy for CE/SE, a zero cost, an overflow).
    public func evaluate() throws(Failure) -> [BudgetResult] {
        let limits = self.limits
        guard !limits.isEmpty else { throw Failure(.noBudgets) }
        var results: [BudgetResult] = []
        for limit in limits {
            let measured = try measure(limit.metric)
            do {
                results.append(try BudgetResult(limit, measured: measured))
            } catch {
                throw Failure(.budgetOverflow(limit.metric.displayName))
            }
        }
        return results
    }

    /// The model's value of one metric.
    public func measure(_ metric: BudgetMetric) throws(Failure) -> BudgetValue {
        let totals = model.analysis.totals
        switch metric {
        case .params: return .count(totals.params)
        case .macs: return .count(totals.macs)
        case .flops: return .count(totals.flops)
        case .activations: return .count(totals.activations)
        case .weightBytes:
            do { return .count(try precision.bytes(totals.params)) } catch {
                throw Failure(.budgetOverflow(metric.displayName))
            }
        case .activationBytes:
            guard let memory = model.memory else { throw Failure(.budgetOverflow(metric.displayName)) }
            return .count(memory.peakActivationBytes)
        case .ce, .se:
            return .score(try score(metric))
        }
    }

    /// CE (FLOPs) or SE (params) against the baseline, from both files' `accuracy` statements,
    /// as the Metrics module defines them (``Comparison/efficiency(_:)``).
    private func score(_ metric: BudgetMetric) throws(Failure) -> Double {
        let name = metric.displayName
        guard let baseline else { throw Failure(.scoreNeedsBaseline(name)) }
        guard model.accuracy != nil else { throw Failure(.missingAccuracy(name)) }
        guard baseline.accuracy != nil else { throw Failure(.missingAccuracy(name), inBaseline: true) }
        let resource: Measure = metric == .ce ? .flops : .params
        let comparison = Comparison(baseline: Self.figures(baseline), candidate: Self.figures(model))
        switch comparison.efficiency(resource) {
        case .value(let value):
            return value
        case .empty(let reason):
            var inBaseline = false
            if case .zero(let operand) = reason { inBaseline = operand.side == .baseline }
            throw Failure(.undefinedScore(name, reason: reason.description), inBaseline: inBaseline)
        }
    }

    static func figures(_ model: Model) -> Figures {
        Figures(accuracy: model.accuracy.map { Amount(value: $0, basis: .stated) },
                flops: .counted(model.analysis.totals.flops), params: .counted(model.analysis.totals.params))
    }
}
