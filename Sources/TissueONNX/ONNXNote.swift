/// What the importer tells the user besides the network: facts that change how the counts read.
public enum ONNXNote: Sendable, Equatable, CustomStringConvertible {
    /// The exporter folded BatchNorm into the convolutions: the counts include the folded biases
    /// and lack BatchNorm's γ and β (see `docs/onnx.md` for the rule).
    case foldedBatchNorm(convolutions: Int, evidence: String, biases: Bool)
    /// Operators the IR does not model, kept as opaque nodes that count as zero, so that every
    /// total is a lower bound.
    case notModelled(operator: String, count: Int, nodes: [String])

    public var description: String {
        switch self {
        case .foldedBatchNorm(let count, let evidence, let biases):
            "BatchNorm was folded into \(count) convolution\(count == 1 ? "" : "s") by the exporter (\(evidence)): "
                + (biases ? "the parameters include the folded biases and lack BatchNorm's weights" : "the parameters lack BatchNorm's weights")
        case .notModelled(let name, let count, let nodes):
            "\(count) × '\(name)', counted as zero: "
                + nodes.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (nodes.count > 3 ? ", …" : "")
        }
    }
}
