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

    /// Linear multiply-accumulates: `in · out`.
    func linearMACs(_ l: Linear) throws(Checked.Overflow) -> Int {
        try Checked.multiply(input.channels, l.outFeatures)
    }

    /// Softmax over channels: `3n − 1` operations (n exps, n−1 adds, n divisions) for each of
    /// the H·W vectors of n = C channels.
    func softmaxOperations() throws(Checked.Overflow) -> Int {
        let n = input.channels
        return try Checked.multiply(try input.spatialElements(), try Checked.subtract(try Checked.multiply(3, n), 1))
    }
}
