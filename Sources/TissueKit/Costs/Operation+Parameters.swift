extension Operation {
    /// Trainable parameters, as `nn.Module.parameters()` counts them:
    /// conv `out·(in/g)·kh·kw (+ out)`, linear `in·out (+ out)`, batch norm `2·C` (affine weight and
    /// bias; running statistics are buffers, not parameters). A stack sums its units.
    public func parameterCount() throws(Checked.Overflow) -> Int {
        switch self {
        case .convolution(let c):
            let weights = try Checked.product(c.outChannels, c.inChannels / c.groups, c.kernel.height, c.kernel.width)
            return try Checked.add(weights, c.bias ? c.outChannels : 0)
        case .linear(let l):
            return try Checked.add(try Checked.multiply(l.inFeatures, l.outFeatures), l.bias ? l.outFeatures : 0)
        case .batchNorm(let channels):
            return try Checked.multiply(2, channels)
        case .stack(let s):
            var total = 0
            for unit in s.units {
                for node in unit.graph.nodes { total = try Checked.add(total, try node.operation.parameterCount()) }
            }
            return total
        case .input, .activation, .softmax, .dropout, .flatten, .globalAveragePool, .pool, .channelShuffle, .add, .concat:
            return 0
        }
    }
}
