import TissueNumerics

/// What a cost rule needs to know about one node besides its operation: the shapes around it.
struct OperationContext {
    var inputs: [TensorShape]
    var output: TensorShape

    var input: TensorShape { inputs.first ?? output }

    func inputElements() throws(Checked.Overflow) -> Int { try Checked.product(input.dimensions) }
    func outputElements() throws(Checked.Overflow) -> Int { try Checked.product(output.dimensions) }

    /// The convolution's full geometry on this node's input.
    func resolve(_ c: Convolution) throws(Checked.Overflow) -> Convolution.Resolved {
        try c.resolved(inChannels: input.channels)
    }

    /// Convolution multiply-accumulates: `out_elems · (in/g) · kh · kw`.
    func convolutionMACs(_ c: Convolution) throws(Checked.Overflow) -> Int {
        let r = try resolve(c)
        return try Checked.product(try outputElements(), r.inChannels / r.groups, r.kernel.height, r.kernel.width)
    }

    /// Linear multiply-accumulates: `positions · in · out` (one position for a vector, N for tokens).
    func linearMACs(_ l: Linear) throws(Checked.Overflow) -> Int {
        try Checked.product(try input.spatialElements(), input.channels, l.outFeatures)
    }

    /// Bias adds of a linear layer: one per output element.
    func linearBiasAdds(_ l: Linear) throws(Checked.Overflow) -> Int {
        l.bias ? try outputElements() : 0
    }

    /// `torch.matmul` multiply-accumulates: one per element of the product per inner index,
    /// `prod(out) · k`.
    func matmulMACs() throws(Checked.Overflow) -> Int {
        try Checked.multiply(try outputElements(), input.dimensions.last ?? 1)
    }

    /// PyTorch's adaptive average pooling bins (`adaptive_avg_pool2d`): output row `i` of `n`
    /// averages input rows `⌊i·H/n⌋ ..< ⌈(i+1)·H/n⌉`, and likewise for columns. Returns the sum
    /// of every output's window area over the channels: its adds and its one division.
    func adaptiveWindowElements() throws(Checked.Overflow) -> Int {
        func span(_ input: Int, _ output: Int) throws(Checked.Overflow) -> Int {
            var total = 0
            for i in 0..<output {
                let start = try Checked.multiply(i, input) / output
                let end = (try Checked.add(try Checked.multiply(i + 1, input), output - 1)) / output
                total = try Checked.add(total, end - start)
            }
            return total
        }
        let rows = try span(input.height, output.height), columns = try span(input.width, output.width)
        return try Checked.product(input.channels, rows, columns)
    }

    /// thop's adaptive average pool rule, `int(((Hi/Ho)·(Wi/Wo) + 1)·O)`, in the same float64
    /// operations in the same order as `thop/vision/calc_func.py` (its truncation included:
    /// 256×13×13 → 6×6 gives 52479, not the exact 52480). Global pooling is the 1×1 case.
    func thopAdaptivePoolOperations() throws(Checked.Overflow) -> Int {
        let kernel = (Double(input.height) / Double(output.height)) * (Double(input.width) / Double(output.width))
        let value = (kernel + 1) * Double(try outputElements())
        guard value.isFinite, value < 9.2e18 else { throw Checked.Overflow() }
        return Int(value)
    }

    /// Softmax over channels: `3n − 1` operations (n exps, n−1 adds, n divisions) for each of
    /// the H·W vectors of n = C channels.
    func softmaxOperations() throws(Checked.Overflow) -> Int {
        let n = input.channels
        return try Checked.multiply(try input.spatialElements(), try Checked.subtract(try Checked.multiply(3, n), 1))
    }
}
