import TissueNumerics

extension Activation {
    /// Arithmetic operations per element, each elementary function (exp, erf, tanh) counting one:
    /// relu `max(x,0)` 1; relu6 `min(max(x,0),6)` 2; leakyrelu compare and multiply 2;
    /// sigmoid `1/(1+e^(−x))` 3; tanh 1; hsigmoid `relu6(x+3)/6` 4; hswish `x·hsigmoid(x)` 5;
    /// silu `x·sigmoid(x)` 4; gelu `x·½·(1+erf(x/√2))` 5.
    public var operationsPerElement: Int {
        switch self {
        case .relu: 1
        case .relu6: 2
        case .leakyrelu: 2
        case .sigmoid: 3
        case .tanh: 1
        case .hsigmoid: 4
        case .hswish: 5
        case .silu: 4
        case .gelu: 5
        }
    }
}

extension Operation {
    /// The `standard` convention (see `docs/conventions.md`): MACs count only convolution and
    /// linear multiply-accumulates; FLOPs are `2·MACs` plus, per element, the bias adds, batch norm
    /// (`x·a + b`, 2), activations, pooling, residual adds and softmax; layer and group norm 7
    /// per element (the mean 1, the variance 3: subtract, square, add, the normalisation 1,
    /// scale and shift 2), a broadcast product or layer scale 1, adaptive pooling each output's
    /// window (its adds and one division), a spatial mean 1 per input element; a matmul of two
    /// activations its multiply-accumulates, a positional embedding one add per element,
    /// attention as ``Attention/standardCost(on:)``; layout changes, lookups and the class token
    /// nothing.
    func standardCost(_ context: OperationContext) throws(Checked.Overflow) -> (macs: Int, flops: Int) {
        switch self {
        case .convolution(let c):
            let macs = try context.convolutionMACs(c)
            return (macs, try Checked.add(try Checked.multiply(2, macs), c.bias ? try context.outputElements() : 0))
        case .linear(let l):
            let macs = try context.linearMACs(l)
            return (macs, try Checked.add(try Checked.multiply(2, macs), try context.linearBiasAdds(l)))
        case .batchNorm:
            return (0, try Checked.multiply(2, try context.outputElements()))
        case .activation(let a):
            return (0, try Checked.multiply(a.operationsPerElement, try context.outputElements()))
        case .softmax:
            return (0, try context.softmaxOperations())
        case .pool(let p):
            // max: kh·kw − 1 comparisons per output; average: kh·kw − 1 adds and a division.
            // Checked: in ceil mode a window may be far larger than its input (fuzz finding F8).
            let window = try Checked.multiply(p.kernel.height, p.kernel.width)
            return (0, try Checked.multiply(try context.outputElements(), p.kind == .max ? window - 1 : window))
        case .globalAveragePool:
            // H·W − 1 adds and a division per channel.
            return (0, try context.inputElements())
        case .add, .multiply, .layerScale:
            return (0, try context.outputElements())
        case .layerNorm, .groupNorm:
            return (0, try Checked.multiply(7, try context.outputElements()))
        case .adaptiveAveragePool:
            return (0, try context.adaptiveWindowElements())
        case .mean:
            return (0, try context.inputElements())
        case .positionEmbedding:
            return (0, try context.outputElements())
        case .matmul:
            let macs = try context.matmulMACs()
            return (macs, try Checked.multiply(2, macs))
        case .attention(let a):
            return try a.standardCost(on: context.input)
        case .dropout, .flatten, .channelShuffle, .concat, .dropPath, .tokens, .permute, .transpose, .classToken,
             .selectToken, .embedding, .patchMerging:
            return (0, 0)
        }
    }
}
