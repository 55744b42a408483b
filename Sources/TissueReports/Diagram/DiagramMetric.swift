import TissueIR

/// The cost a diagram colours its boxes by; each box shows its share of the network's total.
public enum DiagramMetric: String, Sendable, CaseIterable {
    case params, macs, flops, activations

    public func value(_ cost: Cost) -> Int {
        switch self {
        case .params: cost.params
        case .macs: cost.macs
        case .flops: cost.flops
        case .activations: cost.activations
        }
    }

    /// As the tables name it: `params`, `MACs`, `FLOPs`, `activations`.
    public var title: String {
        switch self {
        case .params: "params"
        case .macs: "MACs"
        case .flops: "FLOPs"
        case .activations: "activations"
        }
    }
}
