import TissueNumerics

extension Operation {
    /// Trainable parameters on `input`, as `nn.Module.parameters()` counts them: conv
    /// `out·(in/g)·kh·kw (+ out)`, linear `in·out (+ out)` (none when tied to the embedding),
    /// batch, layer and group norm `2·C` (affine weight and bias; running statistics are buffers,
    /// not parameters), a class token `D`, a positional embedding `positions·D`, an embedding
    /// `vocabulary·width`, attention as ``Attention/parameterCount(width:)``.
    public func parameterCount(input: TensorShape) throws(Checked.Overflow) -> Int {
        let inChannels = input.channels
        switch self {
        case .convolution(let conv):
            let c = try conv.resolved(inChannels: inChannels)
            let weights = try Checked.product(c.outChannels, c.inChannels / max(c.groups, 1), c.kernel.height, c.kernel.width)
            return try Checked.add(weights, c.bias ? c.outChannels : 0)
        case .linear(let l):
            let weights = l.tied ? 0 : try Checked.multiply(inChannels, l.outFeatures)
            return try Checked.add(weights, l.bias ? l.outFeatures : 0)
        case .batchNorm, .layerNorm, .groupNorm:
            return try Checked.multiply(2, inChannels)
        case .layerScale, .classToken:
            return inChannels
        case .positionEmbedding(let positions, _):
            return try Checked.multiply(positions ?? input.dimensions.first ?? 1, inChannels)
        case .embedding(let e):
            return try Checked.multiply(e.vocabulary, e.width)
        case .attention(let a):
            return try a.parameterCount(width: inChannels)
        case .activation, .softmax, .dropout, .flatten, .globalAveragePool, .pool, .channelShuffle, .add, .concat,
             .multiply, .adaptiveAveragePool, .mean, .dropPath, .tokens, .permute, .transpose, .selectToken, .matmul,
             .patchMerging:
            return 0
        }
    }
}
