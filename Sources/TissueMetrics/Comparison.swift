
/// A candidate judged against its baseline, with the scores of the TissueNet paper
/// (Lan, Cheung, Jiang, "Compact Neural Networks via Stacking Designed Basic Units", 2022, §4.1):
///
///     CE = (Acc_c / FLOPs_c) / (Acc_b / FLOPs_b)     computation efficiency
///     SE = (Acc_c / Params_c) / (Acc_b / Params_b)   storage efficiency
///
/// Both are 1 for the baseline; higher means more accuracy per unit of compute or storage.
/// Every metric returns ``Derived``: a number, or the reason there is none (an unknown input,
/// a zero divisor). Nothing here divides by zero.
public struct Comparison: Sendable, Hashable {
    public var baseline: Figures
    public var candidate: Figures
    /// Candidate/baseline fractions a source states instead of absolute counts (ShrinkBench's
    /// `keptFLOPS`, `old/new Nparam`); used only where the absolute counts are missing.
    public var statedFraction: StatedFractions

    public struct StatedFractions: Sendable, Hashable {
        public var flops: Double?
        public var params: Double?

        public init(flops: Double? = nil, params: Double? = nil) {
            self.flops = flops
            self.params = params
        }

        subscript(resource: Measure) -> Double? {
            resource == .flops ? flops : resource == .params ? params : nil
        }
    }

    public init(baseline: Figures, candidate: Figures, statedFraction: StatedFractions = .init()) {
        self.baseline = baseline
        self.candidate = candidate
        self.statedFraction = statedFraction
    }

    /// CE = (Acc_c / FLOPs_c) / (Acc_b / FLOPs_b).
    public var computationEfficiency: Derived { efficiency(.flops) }

    /// SE = (Acc_c / Params_c) / (Acc_b / Params_b).
    public var storageEfficiency: Derived { efficiency(.params) }

    /// CE for `.flops`, SE for `.params`: (Acc_c/Acc_b) / (R_c/R_b).
    public func efficiency(_ resource: Measure) -> Derived {
        var unknown = missing([Operand(.baseline, .accuracy), Operand(.candidate, .accuracy)])
        let fraction = fractionKept(resource)
        if case .empty(.unknown(let operands)) = fraction { unknown += operands }
        guard unknown.isEmpty else { return .empty(.unknown(unknown)) }
        guard let accB = baseline.accuracy?.value, let accC = candidate.accuracy?.value else {
            return .empty(.unknown(unknown))
        }
        guard accB != 0 else { return .empty(.zero(Operand(.baseline, .accuracy))) }
        guard let kept = fraction.value else { return fraction }
        guard kept != 0 else { return .empty(.zero(Operand(.candidate, resource))) }
        return .value((accC / accB) / kept)
    }

    /// R_c / R_b for FLOPs or params, or the fraction a source states.
    public func fractionKept(_ resource: Measure) -> Derived {
        let b = Operand(.baseline, resource), c = Operand(.candidate, resource)
        if let rb = baseline[resource]?.value, let rc = candidate[resource]?.value {
            guard rb != 0 else { return .empty(.zero(b)) }
            return .value(rc / rb)
        }
        if let stated = statedFraction[resource] { return .value(stated) }
        return .empty(.unknown(missing([b, c])))
    }

    /// Percent of the baseline's FLOPs or params the candidate keeps: 100·R_c/R_b.
    public func percentKept(_ resource: Measure) -> Derived {
        fractionKept(resource).map { 100 * $0 }
    }

    /// Percent saved: 100·(1 − R_c/R_b).
    public func percentSaved(_ resource: Measure) -> Derived {
        fractionKept(resource).map { 100 * (1 - $0) }
    }

    /// Speed-up FLOPs_b / FLOPs_c.
    public var speedUp: Derived { inverse(.flops) }

    /// Compression ratio Params_b / Params_c.
    public var compressionRatio: Derived { inverse(.params) }

    /// Acc_c − Acc_b in percentage points.
    public var accuracyChange: Derived {
        let unknown = missing([Operand(.baseline, .accuracy), Operand(.candidate, .accuracy)])
        guard unknown.isEmpty, let accB = baseline.accuracy?.value, let accC = candidate.accuracy?.value else {
            return .empty(.unknown(unknown))
        }
        return .value(accC - accB)
    }

    private func inverse(_ resource: Measure) -> Derived {
        let fraction = fractionKept(resource)
        guard let kept = fraction.value else { return fraction }
        guard kept != 0 else { return .empty(.zero(Operand(.candidate, resource))) }
        return .value(1 / kept)
    }

    /// The operands among `operands` whose figure is unknown, in order.
    func missing(_ operands: [Operand]) -> [Operand] {
        operands.filter { operand in
            (operand.side == .baseline ? baseline : candidate)[operand.measure] == nil
        }
    }
}
