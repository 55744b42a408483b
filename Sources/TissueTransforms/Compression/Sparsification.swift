import TissueDiagnostics
import TissueIR

/// Unstructured sparsity (`sparsity=S`): the fraction S of each convolution's and linear layer's
/// weights is set to zero (`torch.nn.utils.prune.l1_unstructured(module, "weight", amount=S)`;
/// NNI's level pruner), biases and normalisation parameters left dense. An annotation: the
/// network's shapes and dense counts do not change; the layers' ``WeightStorage`` records the
/// sparsity and the format the non-zeros are stored in, from which come the non-zero
/// parameters, the effective MACs and the bytes (``SparseFormat``).
///
/// `format=nm:N:M` is N:M structured sparsity; its sparsity must be 1 − N/M to the digits written
/// (`0.5` for 2:4, `0.667` for 1:3).
public struct Sparsification: Sendable, Hashable {
    public var sparsity: LayerRules<Fraction>
    public var format: SparseFormat
    public var indexBits: Int

    public init(sparsity: LayerRules<Fraction>, format: SparseFormat = .csr, indexBits: Int = 32) {
        self.sparsity = sparsity
        self.format = format
        self.indexBits = indexBits
    }

    public func apply(to compressed: CompressedNetwork) throws(Diagnostic) -> CompressedNetwork {
        try compressed.annotatingWeights(rules: sparsity, method: "sparsity") { storage, value in
            storage.sparsity = value.isZero ? nil : value
            storage.format = format
            storage.indexBits = indexBits
        }
    }
}
