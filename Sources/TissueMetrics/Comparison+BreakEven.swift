
extension Comparison {
    /// The accuracy (percent) the candidate must reach for its CE (`.flops`) or SE (`.params`)
    /// to equal `target`: from CE = (Acc_c/Acc_b)·(R_b/R_c) ≥ target,
    ///
    ///     Acc_c ≥ target · Acc_b · R_c / R_b
    ///
    /// It needs no candidate accuracy, which is the point: it can be known before training.
    /// `target` 1 matches the baseline; a published method's CE or SE matches that method.
    public func breakEvenAccuracy(_ resource: Measure, target: Double = 1) -> Derived {
        let unknown = missing([Operand(.baseline, .accuracy)])
        let fraction = fractionKept(resource)
        var operands = unknown
        if case .empty(.unknown(let more)) = fraction { operands += more }
        guard operands.isEmpty else { return .empty(.unknown(operands)) }
        guard let accB = baseline.accuracy?.value else { return .empty(.unknown(unknown)) }
        guard let kept = fraction.value else { return fraction }
        return .value(target * accB * kept)
    }

    /// As ``breakEvenAccuracy(_:target:)`` for a target that may itself be missing.
    public func breakEvenAccuracy(_ resource: Measure, target: Derived, name: String) -> Derived {
        guard let value = target.value else { return .empty(.noTarget(name)) }
        return breakEvenAccuracy(resource, target: value)
    }
}
