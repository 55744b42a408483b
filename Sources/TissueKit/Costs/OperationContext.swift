/// What a cost rule needs to know about one node besides its operation.
struct OperationContext {
    var inputs: [TensorShape]
    var output: TensorShape

    var input: TensorShape { inputs.first ?? output }

    func inputElements() throws(Checked.Overflow) -> Int { try Checked.product(input.dimensions) }
    func outputElements() throws(Checked.Overflow) -> Int { try Checked.product(output.dimensions) }

    /// Convolution multiply-accumulates: `out_elems · (in/g) · kh · kw`.
    func convolutionMACs(_ c: Convolution) throws(Checked.Overflow) -> Int {
        try Checked.product(try outputElements(), c.inChannels / c.groups, c.kernel.height, c.kernel.width)
    }

    /// Linear multiply-accumulates: `in · out`.
    func linearMACs(_ l: Linear) throws(Checked.Overflow) -> Int {
        try Checked.multiply(l.inFeatures, l.outFeatures)
    }

    /// Softmax over channels: `3n − 1` operations (n exps, n−1 adds, n divisions) for each of
    /// the H·W vectors of n = C channels.
    func softmaxOperations() throws(Checked.Overflow) -> Int {
        let n = input.channels
        return try Checked.multiply(try input.spatialElements(), try Checked.subtract(try Checked.multiply(3, n), 1))
    }
}
