import TissueNumerics

/// The four counts `tissue` reports for a node, a subgraph or a whole network.
public struct Cost: Sendable, Equatable {
    /// Trainable parameters, as PyTorch's `sum(p.numel() for p in model.parameters())`.
    public var params: Int
    /// Multiply-accumulates under the chosen convention.
    public var macs: Int
    /// Floating-point operations under the chosen convention.
    public var flops: Int
    /// Output elements produced (activation memory in elements).
    public var activations: Int

    public init(params: Int = 0, macs: Int = 0, flops: Int = 0, activations: Int = 0) {
        self.params = params
        self.macs = macs
        self.flops = flops
        self.activations = activations
    }

    public static let zero = Cost()

    /// Field-wise difference, overflow-checked.
    public func subtracting(_ other: Cost) throws(Checked.Overflow) -> Cost {
        Cost(params: try Checked.subtract(params, other.params), macs: try Checked.subtract(macs, other.macs),
             flops: try Checked.subtract(flops, other.flops),
             activations: try Checked.subtract(activations, other.activations))
    }

    /// Field-wise sum, overflow-checked.
    public func adding(_ other: Cost) throws(Checked.Overflow) -> Cost {
        Cost(params: try Checked.add(params, other.params), macs: try Checked.add(macs, other.macs),
             flops: try Checked.add(flops, other.flops), activations: try Checked.add(activations, other.activations))
    }

    /// The counts of `batch` samples: parameters stay, everything else is multiplied.
    public func scaled(by batch: Int) throws(Checked.Overflow) -> Cost {
        Cost(params: params, macs: try Checked.multiply(macs, batch), flops: try Checked.multiply(flops, batch),
             activations: try Checked.multiply(activations, batch))
    }
}
