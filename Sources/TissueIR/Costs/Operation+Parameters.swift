import TissueNumerics

extension Operation {
    /// Trainable parameters on an input of `inChannels` channels (features), as
    /// `nn.Module.parameters()` counts them: conv `out·(in/g)·kh·kw (+ out)`, linear
    /// `in·out (+ out)`, batch norm `2·C` (affine weight and bias; running statistics are buffers,
    /// not parameters).
    public func parameterCount(inChannels: Int) throws(Checked.Overflow) -> Int {
        switch self {
        case .convolution(let conv):
            let c = try conv.resolved(inChannels: inChannels)
            let weights = try Checked.product(c.outChannels, c.inChannels / max(c.groups, 1), c.kernel.height, c.kernel.width)
            return try Checked.add(weights, c.bias ? c.outChannels : 0)
        case .linear(let l):
            return try Checked.add(try Checked.multiply(inChannels, l.outFeatures), l.bias ? l.outFeatures : 0)
        case .batchNorm, .layerNorm, .groupNorm:
            return try Checked.multiply(2, inChannels)
        case .layerScale:
            return inChannels
        case .activation, .softmax, .dropout, .flatten, .globalAveragePool, .pool, .channelShuffle, .add, .concat,
             .multiply, .adaptiveAveragePool, .mean, .dropPath:
            return 0
        }
    }
}
