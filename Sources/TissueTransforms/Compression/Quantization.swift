import TissueDiagnostics
import TissueNumerics

/// Quantized weights (`quantize=BITS`): each convolution's and linear layer's weights stored at
/// BITS bits (1 to 32) with scales and zero points (``QuantizationScale``: per tensor, per output
/// channel, or per group of G weights of a row), mixed precision by path glob
/// (`quantize=8,4@layer3/*`); biases and normalisation parameters stay at the base precision.
/// `activations=BITS` stores the activations at that precision. Bytes are ``Precision/bytes(_:)``,
/// the one precision function behind `--dtype`.
public struct Quantization: Sendable, Hashable {
    public var bits: LayerRules<Precision>
    public var scale: QuantizationScale
    public var activations: Precision?

    public init(bits: LayerRules<Precision>, scale: QuantizationScale = .channel, activations: Precision? = nil) {
        self.bits = bits
        self.scale = scale
        self.activations = activations
    }

    public func apply(to compressed: CompressedNetwork) throws(Diagnostic) -> CompressedNetwork {
        var result = try compressed.annotatingWeights(rules: bits, method: "quantize") { storage, precision in
            storage.precision = precision
            storage.scale = scale
        }
        if let activations { result.activationPrecision = activations }
        return result
    }
}
