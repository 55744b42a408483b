
/// The three figures every compression result is judged by (the paper's Section 4.1).
public enum Measure: String, Sendable, CaseIterable, Hashable {
    /// Top-1 accuracy in percent.
    case accuracy
    /// Floating-point operations of one forward pass.
    case flops
    /// Trainable parameters.
    case params

    /// How the measure is named in sentences and column titles.
    public var title: String {
        switch self {
        case .accuracy: "accuracy"
        case .flops: "FLOPs"
        case .params: "params"
        }
    }
}

/// Which side of a comparison a figure belongs to: the model being improved on, or the new one.
public enum Side: String, Sendable, CaseIterable, Hashable {
    case baseline, candidate
}

/// One input of a metric: a measure of one side, e.g. the candidate's FLOPs.
public struct Operand: Sendable, Hashable, CustomStringConvertible {
    public var side: Side
    public var measure: Measure

    public init(_ side: Side, _ measure: Measure) {
        self.side = side
        self.measure = measure
    }

    public var description: String { "\(side.rawValue) \(measure.title)" }
}
