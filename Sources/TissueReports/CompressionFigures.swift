import TissueTransforms

/// The counts a compressed model's row shows besides its params and FLOPs
/// (``CompressionTotals``): non-zero parameters, dense and effective MACs, and the bytes of its
/// weights and activations.
public struct CompressionFigures: Sendable, Hashable {
    public var nonzero: Int
    public var macs: Int
    public var effectiveMACs: Int
    public var weightBytes: Int
    public var activationBytes: Int

    public init(_ totals: CompressionTotals) {
        nonzero = totals.nonzero
        macs = totals.macs
        effectiveMACs = totals.effectiveMACs
        weightBytes = totals.weightBytes
        activationBytes = totals.activationBytes
    }
}
