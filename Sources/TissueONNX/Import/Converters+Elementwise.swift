import TissueIR

/// Activations, Softmax, and elementwise arithmetic, with the patterns exporters write for the
/// activations ONNX lacks: SiLU as `Mul(x, Sigmoid(x))`, GELU as
/// `Mul(Mul(x, Add(Erf(Div(x, √2)), 1)), 0.5)`, ReLU6 as `Clip(x, 0, 6)`.
extension Importer {
    /// Sigmoid, or SiLU when the only reader is `Mul(x, Sigmoid(x))`.
    mutating func convertSigmoid() throws(NodeFailure) {
        let x = try activation(at: 0)
        if let output = node.outputs.first, let reader = soleReader(of: output, opType: "Mul"),
           Set(graph.nodes[reader].inputs) == [node.inputs[0], output] {
            let result = try add(.operation(.activation(.silu)), [x])
            absorbed.insert(reader)
            bind(graph.nodes[reader].outputs[0], .activation(result))
            return
        }
        try emit(.activation(.sigmoid), [x])
    }

    /// HardSigmoid(α, β) = max(0, min(1, αx + β)): PyTorch's `hardsigmoid` is α = 1/6, β = 1/2.
    mutating func convertHardSigmoid() throws(NodeFailure) {
        let alpha = node.float("alpha", default: 0.2), beta = node.float("beta", default: 0.5)
        guard abs(alpha - 1.0 / 6.0) < 1e-6, beta == 0.5 else { return try opaqueSameShape() }
        try emit(.activation(.hsigmoid), [try activation(at: 0)])
    }

    /// Clip(x, min, max): bounds are inputs since opset 11 (attributes before). [0, 6] is
    /// `relu6`, [0, ∞) is `relu`; other bounds are opaque.
    mutating func convertClip() throws(NodeFailure) {
        let x = try activation(at: 0)
        var low: Double? = nil, high: Double? = nil
        if opset >= 11 {
            if hasInput(1) { low = try constant(at: 1).scalar }
            if hasInput(2) { high = try constant(at: 2).scalar }
        } else {
            low = node.attribute("min").map { Double($0.float) }
            high = node.attribute("max").map { Double($0.float) }
        }
        switch (low, high) {
        case (0, 6): try emit(.activation(.relu6), [x])
        case (0, nil): try emit(.activation(.relu), [x])
        default: try opaqueSameShape()
        }
    }

    /// Softmax over the features of an N×F tensor, or over the last axis of a channels-last one
    /// (tokens), is `softmax`; over another axis it is opaque. The axis defaults to −1 since opset
    /// 13, to 1 before (before 13 the axes from `axis` on are flattened into one, which on the last
    /// axis or on N×F is that axis).
    mutating func convertSoftmax() throws(NodeFailure) {
        let x = try activation(at: 0)
        let rank = onnxDims(x).count
        let axis = normalizedAxis(node.int("axis", default: opset >= 13 ? -1 : 1), rank: rank)
        let overFeatures = shape(x).isVector ? axis == 1 : shape(x).isChannelsLast && axis == rank - 1
        guard x.batchFirst, overFeatures else { return try opaqueSameShape() }
        try emit(.softmax, [x])
    }

    /// Add of two data tensors of one shape is `add` (a residual join); a learned `1×L×D` weight
    /// added to tokens is `positionEmbedding`; a broadcast add, or another add of a weight (a bias
    /// without its layer), is opaque.
    mutating func convertAdd() throws(NodeFailure) {
        let first = try input(0), second = try input(1)
        switch (first, second) {
        case (.activation, .activation), (.activation, .piece), (.piece, .activation), (.piece, .piece):
            let inputs = try activations([node.inputs[0], node.inputs[1]])
            if inputs[0].batchFirst, inputs[1].batchFirst, shape(inputs[0]) == shape(inputs[1]) {
                try emit(.add, inputs)
                return
            }
        default:
            if try convertPositionEmbedding() { return }
        }
        try opaqueBroadcast()
    }

    /// Mul of two data tensors that broadcast (squeeze-excitation's `scale * input`, a C×1×1
    /// gate times a C×H×W map) is `multiply`; a product with a constant or a weight is opaque.
    mutating func convertMul() throws(NodeFailure) {
        if case .activation = try input(0), case .activation = try input(1) {
            let inputs = try activations([node.inputs[0], node.inputs[1]])
            if inputs[0].batchFirst, inputs[1].batchFirst, TensorShape.broadcast(shape(inputs[0]), shape(inputs[1])) != nil {
                try emit(.multiply, inputs)
                return
            }
        }
        try opaqueBroadcast()
    }

    /// Div: the start of the erf GELU pattern when it divides by √2, otherwise opaque.
    mutating func convertDiv() throws(NodeFailure) {
        if case .activation = try input(0), let divisor = try? constant(at: 1).scalar, abs(divisor - 2.0.squareRoot()) < 1e-4,
           let gelu = geluPattern() {
            let result = try add(.operation(.activation(.gelu)), [try activation(at: 0)])
            absorbed.formUnion(gelu)
            bind(graph.nodes[gelu[gelu.count - 1]].outputs[0], .activation(result))
            return
        }
        try opaqueBroadcast()
    }

    /// The nodes after `Div(x, √2)` that make `0.5·x·(1 + erf(x/√2))`: Erf, Add 1, Mul by x,
    /// Mul by 0.5, each the only reader of the one before.
    func geluPattern() -> [Int]? {
        let x = node.inputs[0]
        guard let divided = node.outputs.first, let erf = soleReader(of: divided, opType: "Erf"),
              let erfOut = graph.nodes[erf].outputs.first, let plus = soleReader(of: erfOut, opType: "Add"),
              constantOperand(of: plus, besides: erfOut) == 1,
              let plusOut = graph.nodes[plus].outputs.first, let times = soleReader(of: plusOut, opType: "Mul"),
              graph.nodes[times].inputs.contains(x),
              let timesOut = graph.nodes[times].outputs.first, let half = soleReader(of: timesOut, opType: "Mul"),
              constantOperand(of: half, besides: timesOut) == 0.5 else { return nil }
        return [erf, plus, times, half]
    }

    /// The only node reading `name`, if it is a later node of the given type.
    func soleReader(of name: String, opType: String) -> Int? {
        guard let readers = consumers[name], readers.count == 1, let reader = readers.first, reader != Int.max,
              reader > current, graph.nodes[reader].opType == opType else { return nil }
        return reader
    }

    /// The scalar value of node `index`'s other operand, when it is a constant (bound already, or
    /// the output of a `Constant` node).
    func constantOperand(of index: Int, besides name: String) -> Double? {
        guard let other = graph.nodes[index].inputs.first(where: { $0 != name }) else { return nil }
        // Exporters often write a Constant right before its reader, after the node being read.
        guard let value = values[other] ?? constantProducers[other].flatMap({ graph.nodes[$0].attribute("value")?.tensor })
            .map(Importer.value(of:)) else { return nil }
        switch value {
        case .constant(let constant): return constant.scalar
        case .weight(let weight): return weight.values?.scalar
        case .activation, .piece: return nil
        }
    }

    /// An elementwise operator with broadcasting (Mul, Sub, Pow, a broadcast Add…): opaque, its
    /// shape numpy's rule over all inputs.
    mutating func opaqueBroadcast() throws(NodeFailure) {
        var out: [Int] = []
        var batchFirst = false
        for index in node.inputs.indices where hasInput(index) {
            out = try broadcast(out, try shapeOf(input: index))
            if case .activation(let a) = try input(index), a.batchFirst { batchFirst = true }
        }
        try emitOpaque(dims: out, batchFirst: batchFirst && isBatchFirst(out))
    }

    /// An operator whose output has its first input's shape (normalisations, unary functions).
    mutating func opaqueSameShape() throws(NodeFailure) {
        let x = try activation(at: 0)
        try emitOpaque(dims: onnxDims(x), batchFirst: x.batchFirst)
    }

    /// An operator tissue has no rule for: opaque with the shapes the file declares for its
    /// outputs (value_info), or an error when it declares none.
    mutating func opaqueDeclared() throws(NodeFailure) {
        var firstBatchFirst = false
        for index in node.inputs.indices where hasInput(index) {
            if case .activation(let a) = try input(index) { firstBatchFirst = a.batchFirst; break }
        }
        for output in node.outputs.indices where !node.outputs[output].isEmpty {
            guard let dims = declaredDims(output) else { throw .problem(.undeclaredShape(node.outputs[output])) }
            try emitOpaque(dims: dims, batchFirst: firstBatchFirst && isBatchFirst(dims), output: output)
        }
    }

    /// The ONNX dimensions of any input.
    mutating func shapeOf(input index: Int) throws(NodeFailure) -> [Int] {
        switch try input(index) {
        case .activation, .piece: return onnxDims(try activation(at: index))
        case .constant(let constant): return constant.dims
        case .weight(let weight): return weight.dims
        }
    }
}
