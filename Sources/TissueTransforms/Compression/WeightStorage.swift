import TissueNumerics

/// How one layer's weight matrix is stored when it is not dense at the base precision: which
/// fraction of its weights is zero and in which sparse format the rest are kept, and at how many
/// bits with which scales. Sparsity and bit widths are annotations on a layer, not graph changes:
/// the layer computes the same shapes, and its parameters stay as PyTorch counts them.
public struct WeightStorage: Sendable, Hashable {
    /// The fraction of weights set to zero, or nil when the layer is dense.
    public var sparsity: Fraction?
    public var format: SparseFormat = .csr
    /// Bits of each csr/coo index.
    public var indexBits: Int = 32
    /// Bits of each stored weight, or nil for the base precision (`--dtype`).
    public var precision: Precision?
    /// The scales of quantized weights, or nil when the weights are not quantized.
    public var scale: QuantizationScale?

    public init(sparsity: Fraction? = nil, format: SparseFormat = .csr, indexBits: Int = 32, precision: Precision? = nil,
                scale: QuantizationScale? = nil) {
        self.sparsity = sparsity
        self.format = format
        self.indexBits = indexBits
        self.precision = precision
        self.scale = scale
    }

    /// Non-zero weights. Unstructured pruning zeroes `round(S·W)` of the W weights, rounded half
    /// to even in binary floating point, as `torch.nn.utils.prune.l1_unstructured` computes
    /// `round(amount * tensor.nelement())`; N:M keeps N of every M (``SparseFormat/structuredNonzero(_:)``).
    public func nonzero(_ matrix: WeightMatrix) -> Int {
        guard let sparsity else { return matrix.weights }
        if let structured = format.structuredNonzero(matrix) { return structured }
        let zeroed = Int((sparsity.value * Double(matrix.weights)).rounded(.toNearestOrEven))
        return matrix.weights - min(max(zeroed, 0), matrix.weights)
    }

    /// Bytes of the weight matrix: the values (dense, or the non-zeros and their format's
    /// indices), plus, for quantized weights, a float32 scale and a zero point at the weights' own
    /// bits per scale (asymmetric quantization, as PyTorch's `quantize_per_channel` and the
    /// GPTQ/AWQ packings store them).
    public func bytes(_ matrix: WeightMatrix, base: Precision) throws(Checked.Overflow) -> Int {
        let value = precision ?? base
        var bytes: Int
        if sparsity != nil {
            let nonzero = nonzero(matrix)
            bytes = try Checked.add(try value.bytes(nonzero), try format.indexBytes(matrix, nonzero: nonzero, indexBits: indexBits))
        } else {
            bytes = try value.bytes(matrix.weights)
        }
        if let scale {
            let count = try scale.count(matrix)
            bytes = try Checked.add(bytes, try Checked.add(try Precision.float32.bytes(count), try value.bytes(count)))
        }
        return bytes
    }
}
