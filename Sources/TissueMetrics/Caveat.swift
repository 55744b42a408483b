import TissueNumerics

/// A result that is right but misleading unless someone says so: what a careful colleague would
/// point out. Commands print caveats as warnings on standard error and list them in JSON;
/// `--strict` makes any of them exit 1. Every sentence is made here.
public enum Caveat: Sendable, Hashable, CustomStringConvertible {
    /// The accuracy a candidate needs to match the target CE (`.flops`) or SE (`.params`) is above 100%.
    case unreachableBreakEven(model: String, measure: Measure, accuracy: Double, target: String)
    /// A candidate with more FLOPs or parameters than its baseline.
    case largerThanBaseline(model: String, measure: Measure, candidate: Int, baseline: Int)
    /// Two models compared on inputs of different shapes.
    case differentInputs(model: String, input: [Int], baseline: String, baselineInput: [Int])
    /// Two models compared with different outputs (class counts).
    case differentOutputs(model: String, output: [Int], baseline: String, baselineOutput: [Int])
    /// A unit's hidden width beyond the widest layer it replaces.
    case hiddenWiderThanLayers(hidden: Int, widest: Int)

    public var description: String {
        switch self {
        case .unreachableBreakEven(let model, let measure, let accuracy, let target):
            "'\(model)' would need \(NumberFormat.fixed(accuracy, decimals: 2))% accuracy for "
                + "\(measure == .flops ? "CE" : "SE") ≥ \(target), more than 100%: it cannot break even on "
                + (measure == .flops ? "computation" : "storage")
        case .largerThanBaseline(let model, let measure, let candidate, let baseline):
            "'\(model)' has more \(measure.title) than its baseline (\(NumberFormat.si(candidate)) against "
                + "\(NumberFormat.si(baseline))): it is not a compression"
        case .differentInputs(let model, let input, let baseline, let baselineInput):
            "'\(model)' reads \(Self.shape(input)) but its baseline '\(baseline)' reads \(Self.shape(baselineInput)): "
                + "the savings compare different tasks; use '--input' to compare them on one input"
        case .differentOutputs(let model, let output, let baseline, let baselineOutput):
            "'\(model)' gives \(Self.shape(output)) outputs but its baseline '\(baseline)' gives "
                + "\(Self.shape(baselineOutput)): the models solve different tasks"
        case .hiddenWiderThanLayers(let hidden, let widest):
            "the hidden width \(hidden) is more than the widest layer replaced (\(widest) channels): each unit is "
                + "wider than the layer it stands for, and the stacked network keeps more than it saves"
        }
    }

    static func shape(_ dimensions: [Int]) -> String {
        dimensions.map(String.init).joined(separator: "x")
    }
}

extension Comparison {
    /// What is misleading about this comparison: a candidate larger than its baseline, and a
    /// break-even accuracy above 100% for the target CE and SE (`targets`, nil where unknown).
    public func caveats(model: String, targets: (ce: Double?, se: Double?) = (1, 1), targetName: String = "1") -> [Caveat] {
        var caveats: [Caveat] = []
        for measure in [Measure.flops, .params] {
            if let c = candidate[measure]?.value, let b = baseline[measure]?.value, c > b,
               let ci = Int(exactly: c.rounded()), let bi = Int(exactly: b.rounded()) {
                caveats.append(.largerThanBaseline(model: model, measure: measure, candidate: ci, baseline: bi))
            }
        }
        for (measure, target) in [(Measure.flops, targets.ce), (.params, targets.se)] {
            guard let target, let accuracy = breakEvenAccuracy(measure, target: target).value, accuracy > 100 else { continue }
            caveats.append(.unreachableBreakEven(model: model, measure: measure, accuracy: accuracy, target: targetName))
        }
        return caveats
    }
}
