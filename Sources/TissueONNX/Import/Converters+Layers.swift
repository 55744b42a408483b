import TissueIR

/// Conv, Gemm, MatMul, BatchNormalization and pooling (ONNX operator spec, opset 7–21).
extension Importer {
    /// Conv(X, W[, B]): `group`, `kernel_shape`, `strides`, `dilations`, `pads` (begin…, end…) or
    /// `auto_pad`. A 2-D convolution becomes `convolution`; asymmetric padding becomes the
    /// symmetric padding with the same output size (the counts depend only on that size), and an
    /// asymmetric one with no such equivalent, or a 1-D or 3-D convolution, is opaque.
    mutating func convertConv() throws(NodeFailure) {
        let x = try activation(at: 0)
        guard case .weight(let w) = try input(1) else { throw .problem(.notConstant(node.inputs[1])) }
        let input = shape(x)
        let group = node.int("group", default: 1)
        let dims = onnxDims(x)
        guard w.dims.count >= 3, dims.count == w.dims.count, w.dims[1] >= 1, group >= 1 else {
            throw .problem(.weightShape(w.name, w.dims))
        }
        guard w.dims[1] * group == dims[1] else { throw .problem(.weightShape(w.name, w.dims)) }
        let spatial = w.dims.count - 2
        let kernel = node.ints("kernel_shape") ?? Array(w.dims.dropFirst(2))
        let geometry = try windows(spatial: Array(dims.dropFirst(2)), kernel: kernel, dilations: node.ints("dilations"))
        let out = [dims[0], w.dims[0]] + geometry.outputs
        guard x.batchFirst, input.isImage, spatial == 2, let padding = geometry.symmetric else {
            try emitOpaque(dims: out, batchFirst: x.batchFirst)
            return
        }
        let inChannels = input.channels
        let filters: Convolution.Filters = group > 1 && group == inChannels && w.dims[0] % inChannels == 0
            ? .depthwise(multiplier: w.dims[0] / inChannels)
            : .grouped(outChannels: w.dims[0], groups: group)
        let conv = Convolution(filters: filters, kernel: Pair(kernel[0], kernel[1]), stride: Pair(geometry.strides[0], geometry.strides[1]),
                               padding: Pair(padding[0], padding[1]),
                               dilation: Pair(geometry.dilations[0], geometry.dilations[1]), bias: hasInput(2))
        try emit(.convolution(conv), [x])
    }

    /// A sliding window's settings per spatial axis, the output sizes, and the symmetric padding
    /// with the same output sizes (nil when there is none).
    struct Windows {
        var strides: [Int]
        var dilations: [Int]
        var outputs: [Int]
        var symmetric: [Int]?
    }

    func windows(spatial: [Int], kernel: [Int], dilations given: [Int]?, ceil: Bool = false) throws(NodeFailure) -> Windows {
        let count = spatial.count
        let strides = node.ints("strides") ?? Array(repeating: 1, count: count)
        let dilations = given ?? Array(repeating: 1, count: count)
        var pads = node.ints("pads") ?? Array(repeating: 0, count: 2 * count)
        guard kernel.count == count, strides.count == count, dilations.count == count, pads.count == 2 * count,
              kernel.allSatisfy({ $0 >= 1 }), strides.allSatisfy({ $0 >= 1 }), dilations.allSatisfy({ $0 >= 1 }),
              pads.allSatisfy({ $0 >= 0 }) else {
            throw .problem(.invalidAttribute("window", "kernel \(kernel), strides \(strides), dilations \(dilations), pads \(pads)"))
        }
        let autoPad = node.string("auto_pad", default: "NOTSET")
        for axis in 0..<count where autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER" || autoPad == "VALID" {
            let span = dilations[axis] * (kernel[axis] - 1) + 1
            let total = autoPad == "VALID" ? 0 : max(((spatial[axis] + strides[axis] - 1) / strides[axis] - 1) * strides[axis] + span - spatial[axis], 0)
            let begin = autoPad == "SAME_LOWER" ? (total + 1) / 2 : total / 2
            pads[axis] = begin
            pads[axis + count] = total - begin
        }
        func size(_ n: Int, _ axis: Int, _ padTotal: Int) -> Int {
            let span = dilations[axis] * (kernel[axis] - 1) + 1
            var room = n + padTotal - span
            guard room >= 0 else { return 0 }
            if ceil { room += strides[axis] - 1 }
            var out = room / strides[axis] + 1
            if ceil, (out - 1) * strides[axis] >= n + pads[axis] { out -= 1 }
            return out
        }
        var outputs: [Int] = []
        var symmetric: [Int]? = []
        for axis in 0..<count {
            let begin = pads[axis], end = pads[axis + count]
            let out = size(spatial[axis], axis, begin + end)
            outputs.append(out)
            if begin == end { symmetric?.append(begin); continue }
            let candidates = [(begin + end) / 2, (begin + end + 1) / 2]
            if let match = candidates.first(where: { size(spatial[axis], axis, 2 * $0) == out }) {
                symmetric?.append(match)
            } else {
                symmetric = nil
            }
        }
        guard outputs.allSatisfy({ $0 >= 1 }) else {
            throw .problem(.invalidAttribute("window", "kernel \(kernel) on \(spatial) leaves no output"))
        }
        return Windows(strides: strides, dilations: dilations, outputs: outputs, symmetric: symmetric)
    }

    /// Gemm(A, B[, C]) = α·A'·B' + β·C. With A data of shape N×K and B a weight, a `linear`
    /// (`transB` says whether B is out×in, as PyTorch writes it, or in×out).
    mutating func convertGemm() throws(NodeFailure) {
        let a = try activation(at: 0)
        let dims = onnxDims(a)
        let transA = node.int("transA", default: 0) != 0, transB = node.int("transB", default: 0) != 0
        guard case .weight(let b) = try input(1), b.dims.count == 2 else {
            let other = try shapeOf(input: 1)
            guard dims.count == 2, other.count == 2 else { throw .problem(.shapeMismatch(dims, other)) }
            try emitOpaque(dims: [transA ? dims[1] : dims[0], transB ? other[0] : other[1]], batchFirst: a.batchFirst && !transA)
            return
        }
        let (k, n) = transB ? (b.dims[1], b.dims[0]) : (b.dims[0], b.dims[1])
        guard dims.count == 2, (transA ? dims[0] : dims[1]) == k else { throw .problem(.weightShape(b.name, b.dims)) }
        var biasIsWeight = false
        if hasInput(2) {
            switch try input(2) {
            case .weight, .constant: biasIsWeight = true
            case .activation, .piece: biasIsWeight = false
            }
        }
        guard a.batchFirst, !transA, shape(a).isVector, !hasInput(2) || biasIsWeight else {
            try emitOpaque(dims: [transA ? dims[1] : dims[0], n], batchFirst: a.batchFirst && !transA)
            return
        }
        try emit(.linear(Linear(outFeatures: n, bias: hasInput(2))), [a])
    }

    /// MatMul(A, B). Data N×K, or tokens N×…×K, times a K×M weight is a `linear` over the last
    /// axis, with the bias of an `Add` of a weight that follows it (PyTorch's Linear on a matrix
    /// or on tokens exports as MatMul + Add). Any other product (batched, or between two
    /// activations outside an attention pattern) is opaque.
    mutating func convertMatMul() throws(NodeFailure) {
        // A packed in-projection (`D×3D`) of tokens may start nn.MultiheadAttention.
        if case .weight(let w) = try input(1), w.dims.count == 2, case .activation(let x) = try input(0), isTokens(x),
           w.dims[1] == 3 * shape(x).channels, try convertAttentionPattern() { return }
        let aDims = try shapeOf(input: 0), bDims = try shapeOf(input: 1)
        let out = try Self.matmulShape(aDims, bDims)
        if case .activation(let a) = try input(0), case .weight(let w) = try input(1), w.dims.count == 2 {
            if a.batchFirst, shape(a).isVector || shape(a).isChannelsLast, w.dims[0] == shape(a).channels {
                let bias = absorbableBias(outFeatures: w.dims[1])
                let result = try add(.operation(.linear(Linear(outFeatures: w.dims[1], bias: bias != nil))), [a])
                bind(0, .activation(result))
                if let bias {
                    absorbed.insert(bias)
                    if let name = graph.nodes[bias].outputs.first { bind(name, .activation(result)) }
                }
                return
            }
        }
        let first = try input(0)
        let batchFirst: Bool
        if case .activation(let a) = first { batchFirst = a.batchFirst && isBatchFirst(out) } else { batchFirst = isBatchFirst(out) }
        try emitOpaque(dims: out, batchFirst: batchFirst)
    }

    /// The node index of an `Add(output, b)` that reads this node's only output and nothing else
    /// reads, where b is a weight of `outFeatures` elements: a bias to fold into a linear layer.
    func absorbableBias(outFeatures: Int) -> Int? {
        guard let output = node.outputs.first, let readers = consumers[output], readers.count == 1,
              let reader = readers.first, reader != Int.max, reader > current, graph.nodes[reader].opType == "Add" else { return nil }
        let add = graph.nodes[reader]
        guard add.inputs.count == 2, let other = add.inputs.first(where: { $0 != output }), let value = values[other] else { return nil }
        switch value {
        case .weight(let weight) where (try? checkedProduct(weight.dims)) == outFeatures && weight.dims.last == outFeatures: return reader
        case .weight, .constant, .activation, .piece: return nil
        }
    }

    /// numpy's matmul shape rule.
    static func matmulShape(_ a: [Int], _ b: [Int]) throws(NodeFailure) -> [Int] {
        guard !a.isEmpty, !b.isEmpty else { throw .problem(.shapeMismatch(a, b)) }
        let left = a.count == 1 ? [1] + a : a, right = b.count == 1 ? b + [1] : b
        guard left[left.count - 1] == right[right.count - 2] else { throw .problem(.shapeMismatch(a, b)) }
        let batch = try broadcast(Array(left.dropLast(2)), Array(right.dropLast(2)))
        var out = batch + [left[left.count - 2], right[right.count - 1]]
        if a.count == 1 { out.remove(at: out.count - 2) }
        if b.count == 1 { out.removeLast() }
        return out
    }

    /// BatchNormalization(X, scale, B, mean, var): `batchNorm`. The training form's extra
    /// outputs (running statistics) are not data and stay unbound.
    mutating func convertBatchNorm() throws(NodeFailure) {
        try emit(.batchNorm, [try activation(at: 0)])
    }

    /// MaxPool / AveragePool on a C×H×W map: `pool`, or opaque with another rank, dilations, or a
    /// padding the IR does not allow (more than half the window).
    mutating func convertPool(_ kind: Pool.Kind) throws(NodeFailure) {
        let x = try activation(at: 0)
        let dims = onnxDims(x)
        guard let kernel = node.ints("kernel_shape"), dims.count >= 3 else {
            throw .problem(.invalidAttribute("kernel_shape", "(absent)"))
        }
        let ceil = node.int("ceil_mode", default: 0) != 0
        let geometry = try windows(spatial: Array(dims.dropFirst(2)), kernel: kernel, dilations: node.ints("dilations"), ceil: ceil)
        let out = Array(dims.prefix(2)) + geometry.outputs
        guard x.batchFirst, dims.count == 4, geometry.dilations == [1, 1], let padding = geometry.symmetric,
              padding[0] <= kernel[0] / 2, padding[1] <= kernel[1] / 2 else {
            try emitOpaque(dims: out, batchFirst: x.batchFirst)
            return
        }
        let pool = Pool(kind: kind, kernel: Pair(kernel[0], kernel[1]), stride: Pair(geometry.strides[0], geometry.strides[1]),
                        padding: Pair(padding[0], padding[1]), ceil: ceil)
        let result = try emit(.pool(pool), [x])
        if shape(result).dimensions != Array(out.dropFirst()) {
            throw .problem(.shapeMismatch(shape(result).dimensions, Array(out.dropFirst())))
        }
    }

    /// GlobalAveragePool → `globalAveragePool`; GlobalMaxPool → a max pool over the whole map.
    mutating func convertGlobalPool(max: Bool) throws(NodeFailure) {
        let x = try activation(at: 0)
        let input = shape(x)
        guard x.batchFirst, input.isImage else {
            let dims = onnxDims(x)
            try emitOpaque(dims: Array(dims.prefix(2)) + Array(repeating: 1, count: dims.count - 2), batchFirst: x.batchFirst)
            return
        }
        if max {
            try emit(.pool(Pool(kind: .max, kernel: Pair(input.height, input.width))), [x])
        } else {
            try emit(.globalAveragePool, [x])
        }
    }

    /// ReduceMean over H and W: `globalAveragePool`, followed by `flatten` when `keepdims` is 0
    /// (ShuffleNet's `x.mean([2, 3])`). Axes are an attribute before opset 18, an input since.
    mutating func convertReduceMean() throws(NodeFailure) {
        let x = try activation(at: 0)
        let dims = onnxDims(x)
        let axes: [Int]
        if hasInput(1) { axes = try integers(at: 1) } else { axes = node.ints("axes") ?? Array(dims.indices) }
        let keep = node.int("keepdims", default: 1) != 0
        var normalized: [Int] = []
        for axis in axes {
            guard let value = normalizedAxis(axis, rank: dims.count) else { throw .problem(.invalidAttribute("axes", "\(axes)")) }
            normalized.append(value)
        }
        normalized.sort()
        if x.batchFirst, dims.count == 4, normalized == [2, 3] {
            let pooled = try add(.operation(.globalAveragePool), [x])
            if keep {
                bind(0, .activation(pooled))
            } else {
                bind(0, .activation(try add(.operation(.flatten), [pooled], path: path.appending("flatten"))))
            }
            return
        }
        var out: [Int] = []
        for (axis, size) in dims.enumerated() {
            if normalized.contains(axis) { if keep { out.append(1) } } else { out.append(size) }
        }
        try emitOpaque(dims: out, batchFirst: x.batchFirst && !normalized.contains(0))
    }
}

/// numpy's broadcasting rule.
func broadcast(_ a: [Int], _ b: [Int]) throws(NodeFailure) -> [Int] {
    let rank = max(a.count, b.count)
    let left = Array(repeating: 1, count: rank - a.count) + a, right = Array(repeating: 1, count: rank - b.count) + b
    var out: [Int] = []
    for (x, y) in zip(left, right) {
        guard x == y || x == 1 || y == 1 else { throw .problem(.shapeMismatch(a, b)) }
        out.append(x == 1 ? y : x)
    }
    return out
}
