import TissueIR

/// Layer and group normalisation with affine parameters, as PyTorch computes them in float:
/// `y = (x − μ) / √(σ² + ε) · γ + β` with the biased variance. ε defaults to PyTorch's 1e-5; the IR
/// does not carry it (ConvNeXt's 1e-6 changes values, not counts). They execute no MACs: nothing
/// is a multiply-accumulate into a sum of products.
public enum NormalizationKernels {
    public static let defaultEpsilon: Double = 1e-5

    /// Layer normalisation over the features at each position: the channels of a map (ConvNeXt's
    /// `LayerNorm2d`), the last axis of tokens (`nn.LayerNorm(D)`), a vector's elements; `γ`, `β`
    /// per feature.
    public static func layerNorm(_ input: Tensor, gamma: [Float], beta: [Float],
                                 epsilon: Double = defaultEpsilon) -> Tensor {
        var y = input
        let channels = input.channels, plane = input.plane
        let feature = input.featureStride, position = input.positionStride
        y.storage.withUnsafeMutableBufferPointer { x in
            for s in 0..<plane {
                let base = s * position
                var mean: Double = 0
                for c in 0..<channels { mean += Double(x[base + c * feature]) }
                mean /= Double(channels)
                var variance: Double = 0
                for c in 0..<channels {
                    let d = Double(x[base + c * feature]) - mean
                    variance += d * d
                }
                variance /= Double(channels)
                let inverse = 1 / (variance + epsilon).squareRoot()
                for c in 0..<channels {
                    let i = base + c * feature
                    x[i] = Float((Double(x[i]) - mean) * inverse) * gamma[c] + beta[c]
                }
            }
        }
        return y
    }

    /// `nn.GroupNorm(groups, C)`: each group of `C/groups` channels normalised over its channels
    /// and positions together; `γ`, `β` per channel.
    public static func groupNorm(_ input: Tensor, groups: Int, gamma: [Float], beta: [Float],
                                 epsilon: Double = defaultEpsilon) -> Tensor {
        var y = input
        let plane = input.plane, perGroup = input.channels / max(groups, 1)
        let size = perGroup * plane
        y.storage.withUnsafeMutableBufferPointer { x in
            for g in 0..<groups {
                let start = g * size
                var mean: Double = 0
                for i in start..<(start + size) { mean += Double(x[i]) }
                mean /= Double(size)
                var variance: Double = 0
                for i in start..<(start + size) {
                    let d = Double(x[i]) - mean
                    variance += d * d
                }
                variance /= Double(size)
                let inverse = 1 / (variance + epsilon).squareRoot()
                for i in start..<(start + size) {
                    let c = i / plane
                    x[i] = Float((Double(x[i]) - mean) * inverse) * gamma[c] + beta[c]
                }
            }
        }
        return y
    }
}
