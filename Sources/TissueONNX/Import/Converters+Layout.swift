import TissueIR

/// Concat, Split, Slice and the layout operators. Layout ops that only regroup a tensor the IR
/// already describes (Flatten to N×F, Reshape to the same shape, the channel shuffle's
/// Reshape–Transpose–Reshape) become `flatten`, nothing, or `channelShuffle`; others are opaque.
extension Importer {
    /// Concat along channels: closes a stack when it joins its units in order, else `concat`;
    /// along the tokens of a sequence, `concat` of tokens. A class token prepended to tokens is
    /// `classToken`.
    mutating func convertConcat() throws(NodeFailure) {
        if try convertClassToken() { return }
        var raw: [Activation] = []
        var allData = true
        for index in node.inputs.indices where hasInput(index) {
            switch try input(index) {
            case .activation, .piece: raw.append(try activation(at: index))
            case .constant, .weight: allData = false
            }
        }
        var dims: [[Int]] = []
        for index in node.inputs.indices where hasInput(index) { dims.append(try shapeOf(input: index)) }
        guard let rank = dims.first?.count, let axis = normalizedAxis(node.int("axis", default: 1), rank: rank),
              dims.allSatisfy({ $0.count == rank }) else {
            throw .problem(.invalidAttribute("axis", "\(node.int("axis", default: 1))"))
        }
        var out = dims[0]
        out[axis] = dims.reduce(0) { $0 + $1[axis] }
        guard allData, axis == 1, raw.allSatisfy(\.batchFirst) else {
            try emitOpaque(dims: out, batchFirst: raw.contains(where: \.batchFirst) && isBatchFirst(out))
            return
        }
        if let stack = closableStack(raw) {
            bind(0, .activation(try close(stack, outputs: raw)))
            return
        }
        // Axis 1 of `B×N×D` is the token axis; of a channels-last `B×H×W×C` map, the height.
        let irShapes = raw.map(shape)
        if irShapes.allSatisfy({ $0.isChannelsLast && $0.dimensions.count == 2 }) {
            try emit(.concat(along: .tokens), try activations(node.inputs.filter { !$0.isEmpty }))
        } else if irShapes.allSatisfy({ !$0.isChannelsLast }) {
            try emit(.concat(along: .channels), try activations(node.inputs.filter { !$0.isEmpty }))
        } else {
            try emitOpaque(dims: out, batchFirst: isBatchFirst(out))
        }
    }

    /// Split along channels: pieces that become a stack's units (or opaque slices). The sizes are
    /// an input since opset 13, an attribute before, or equal parts (`num_outputs`, opset 18).
    mutating func convertSplit() throws(NodeFailure) {
        let x = try activation(at: 0)
        let dims = onnxDims(x)
        guard let axis = normalizedAxis(node.int("axis", default: 0), rank: dims.count) else {
            throw .problem(.invalidAttribute("axis", "\(node.int("axis", default: 0))"))
        }
        var sizes: [Int]
        if hasInput(1) { sizes = try integers(at: 1) } else if let split = node.ints("split") { sizes = split } else {
            let parts = node.outputs.count
            let part = (dims[axis] + parts - 1) / max(parts, 1)
            sizes = (0..<parts).map { min(part, max(dims[axis] - $0 * part, 0)) }
        }
        guard sizes.count == node.outputs.count, sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == dims[axis] else {
            throw .problem(.invalidAttribute("split", "\(sizes) of \(dims[axis])"))
        }
        var lower = 0
        for (output, size) in sizes.enumerated() {
            if axis == 1, x.batchFirst {
                makePiece(of: node.inputs[0], x, lower: lower, upper: lower + size, output: output)
            } else {
                var out = dims
                out[axis] = size
                try emitOpaque(dims: out, batchFirst: x.batchFirst && axis != 0, output: output)
            }
            lower += size
        }
    }

    /// Slice(data, starts, ends[, axes, steps]) (inputs since opset 10, attributes before). One
    /// channel range with step 1 is a piece; anything else is opaque with its computed shape.
    mutating func convertSlice() throws(NodeFailure) {
        let x = try activation(at: 0)
        let dims = onnxDims(x)
        let starts: [Int], ends: [Int], axes: [Int], steps: [Int]
        if opset >= 10 {
            starts = try integers(at: 1)
            ends = try integers(at: 2)
            axes = hasInput(3) ? try integers(at: 3) : Array(0..<starts.count)
            steps = hasInput(4) ? try integers(at: 4) : Array(repeating: 1, count: starts.count)
        } else {
            starts = node.ints("starts") ?? []
            ends = node.ints("ends") ?? []
            axes = node.ints("axes") ?? Array(0..<starts.count)
            steps = Array(repeating: 1, count: starts.count)
        }
        guard ends.count == starts.count, axes.count == starts.count, steps.count == starts.count else {
            throw .problem(.invalidAttribute("starts/ends", "\(starts) / \(ends)"))
        }
        var out = dims
        var ranges: [(axis: Int, lower: Int, upper: Int, step: Int)] = []
        for k in starts.indices {
            guard let axis = normalizedAxis(axes[k], rank: dims.count), steps[k] != 0 else {
                throw .problem(.invalidAttribute("axes", "\(axes)"))
            }
            let range = ConstantFolder.slice(start: starts[k], end: ends[k], step: steps[k], size: dims[axis])
            out[axis] = range.count
            ranges.append((axis, range.first, range.first + range.count, steps[k]))
        }
        if ranges.count == 1, let only = ranges.first, only.axis == 1, only.step == 1, x.batchFirst, only.upper > only.lower {
            makePiece(of: node.inputs[0], x, lower: only.lower, upper: only.upper, output: 0)
            return
        }
        if out == dims { return bind(0, .activation(x)) }
        try emitOpaque(dims: out, batchFirst: x.batchFirst && !ranges.contains { $0.axis == 0 })
    }

    /// Flatten(axis): to N×F it is `flatten` (nothing on an N×F input); other axes are opaque.
    mutating func convertFlatten() throws(NodeFailure) {
        let x = try activation(at: 0)
        let dims = onnxDims(x)
        guard let axis = normalizedAxis(node.int("axis", default: 1), rank: dims.count + 1) else {
            throw .problem(.invalidAttribute("axis", "\(node.int("axis", default: 1))"))
        }
        if axis == 1, x.batchFirst {
            if shape(x).isVector { return bind(0, .activation(x)) }
            try emit(.flatten, [x])
            return
        }
        let out = [try checkedProduct(dims.prefix(axis)), try checkedProduct(dims.dropFirst(axis))]
        try emitOpaque(dims: out, batchFirst: false)
    }

    /// Reshape(data, shape): the same shape is nothing, N×F from a map is `flatten`, N×C×(H·W)
    /// before a transpose is `tokens`, the first step of a channel shuffle is `channelShuffle`;
    /// anything else is opaque.
    mutating func convertReshape() throws(NodeFailure) {
        let x = try activation(at: 0)
        let dims = onnxDims(x)
        let out = try Self.reshaped(dims, to: try integers(at: 1), allowZero: node.int("allowzero", default: 0) != 0)
        if out == dims { return bind(0, .activation(x)) }
        if try convertTokensPattern(x, dims, out) { return }
        if x.batchFirst, out.count == 2, out[0] == dims[0], dims.count > 2 {
            try emit(.flatten, [x])
            return
        }
        if x.batchFirst, dims.count == 4, out.count == 5, out[0] == dims[0], out[1] * out[2] == dims[1],
           out[3] == dims[2], out[4] == dims[3], let output = node.outputs.first,
           let transpose = soleReader(of: output, opType: "Transpose"),
           graph.nodes[transpose].ints("perm") == [0, 2, 1, 3, 4],
           let transposed = graph.nodes[transpose].outputs.first, soleReader(of: transposed, opType: "Reshape") != nil {
            let result = try emit(.channelShuffle(groups: out[1]), [x])
            absorbed.insert(transpose)
            bind(transposed, .activation(result))
            return
        }
        try emitOpaque(dims: out, batchFirst: x.batchFirst && isBatchFirst(out) && out.count > 0)
    }

    /// ONNX Reshape's target: 0 copies the input's dimension (unless `allowzero`), −1 takes
    /// what is left.
    static func reshaped(_ dims: [Int], to target: [Int], allowZero: Bool) throws(NodeFailure) -> [Int] {
        var out = target
        var inferred: Int?
        for (axis, value) in target.enumerated() {
            if value == 0, !allowZero {
                guard axis < dims.count else { throw .problem(.invalidAttribute("shape", "\(target)")) }
                out[axis] = dims[axis]
            } else if value == -1 {
                guard inferred == nil else { throw .problem(.invalidAttribute("shape", "\(target)")) }
                inferred = axis
            } else if value < 0 {
                throw .problem(.invalidAttribute("shape", "\(target)"))
            }
        }
        let total = try checkedProduct(dims)
        if let inferred {
            let known = try checkedProduct(out.enumerated().filter { $0.offset != inferred }.map(\.element))
            guard known > 0, total % known == 0 else { throw .problem(.shapeMismatch(dims, target)) }
            out[inferred] = total / known
        }
        guard try checkedProduct(out) == total else { throw .problem(.shapeMismatch(dims, target)) }
        return out
    }

    /// Transpose(perm): the start of an attention module is `mha` (`Importer+Attention`); the
    /// identity permutation is nothing; others are opaque.
    mutating func convertTranspose() throws(NodeFailure) {
        if try convertAttentionPattern() { return }
        let x = try activation(at: 0)
        let dims = onnxDims(x)
        let perm = node.ints("perm") ?? Array(dims.indices.reversed())
        guard perm.count == dims.count, Set(perm) == Set(dims.indices) else {
            throw .problem(.invalidAttribute("perm", "\(perm)"))
        }
        if perm == Array(dims.indices) { return bind(0, .activation(x)) }
        try emitOpaque(dims: perm.map { dims[$0] }, batchFirst: x.batchFirst && perm[0] == 0)
    }

    /// Squeeze / Unsqueeze (axes an input since opset 13): the same elements in another shape.
    /// N×C×1×1 to N×C is `flatten`; a change that keeps the shape is nothing; others are opaque.
    mutating func convertSqueeze(unsqueeze: Bool) throws(NodeFailure) {
        let x = try activation(at: 0)
        let dims = onnxDims(x)
        let axes: [Int]? = hasInput(1) ? try integers(at: 1) : node.ints("axes")
        let out = try ConstantFolder.squeezed(dims, axes: axes, unsqueeze: unsqueeze)
        if out == dims { return bind(0, .activation(x)) }
        if x.batchFirst, out.count == 2, out[0] == dims[0], dims.count > 2, dims.dropFirst(2).allSatisfy({ $0 == 1 }) {
            try emit(.flatten, [x])
            return
        }
        try emitOpaque(dims: out, batchFirst: x.batchFirst && isBatchFirst(out) && !(axes ?? []).contains(0))
    }

    /// Shape(x[, start, end]): the dimensions as INT64, the batch unknown when it is an unbound
    /// symbol.
    mutating func convertShape() throws(NodeFailure) {
        if case .weight(let weight) = try input(0) {
            return bind(0, .constant(Constant(integers: weight.dims.map { Int64($0) })))
        }
        let x = try activation(at: 0)
        var dims: [Int64?] = onnxDims(x).map { Int64($0) }
        if x.batchFirst, batch == nil { dims[0] = nil }
        let rank = dims.count
        func clamp(_ value: Int) -> Int { min(max(value < 0 ? value + rank : value, 0), rank) }
        let start = clamp(node.int("start", default: 0)), end = clamp(node.int("end", default: rank))
        bind(0, .constant(Constant(integers: start < end ? Array(dims[start..<end]) : [])))
    }

    /// Constant: `value` (a tensor) or `value_float(s)` / `value_int(s)`. A floating-point
    /// tensor without its data is a weight of its shape.
    mutating func convertConstant() throws(NodeFailure) {
        if let tensor = node.attribute("value")?.tensor {
            bind(0, Self.value(of: tensor))
        } else if let attribute = node.attribute("value_float") {
            bind(0, .constant(Constant(dims: [], elements: .reals([Double(attribute.float)]))))
        } else if let attribute = node.attribute("value_floats") {
            bind(0, .constant(Constant(dims: [attribute.floats.count], elements: .reals(attribute.floats.map(Double.init)))))
        } else if let attribute = node.attribute("value_int") {
            bind(0, .constant(Constant(dims: [], elements: .integers([attribute.int]))))
        } else if let attribute = node.attribute("value_ints") {
            bind(0, .constant(Constant(integers: attribute.ints.map { Optional($0) })))
        } else {
            throw .problem(.invalidAttribute("value", "(absent or of an unsupported kind)"))
        }
    }

    /// Gather on data: one token of a sequence is `selectToken`; anything else is opaque, the
    /// axis replaced by the indices' shape.
    mutating func convertGather() throws(NodeFailure) {
        let x = try activation(at: 0)
        if try convertSelectToken(x) { return }
        let dims = onnxDims(x)
        guard let axis = normalizedAxis(node.int("axis", default: 0), rank: dims.count) else {
            throw .problem(.invalidAttribute("axis", "\(node.int("axis", default: 0))"))
        }
        let indices = try shapeOf(input: 1)
        let out = Array(dims[..<axis]) + indices + Array(dims[(axis + 1)...])
        try emitOpaque(dims: out, batchFirst: x.batchFirst && axis != 0)
    }

    /// Expand(x, shape) of data: opaque, broadcast to the shape.
    mutating func convertExpand() throws(NodeFailure) {
        let x = try activation(at: 0)
        let out = try broadcast(onnxDims(x), try integers(at: 1))
        try emitOpaque(dims: out, batchFirst: x.batchFirst && isBatchFirst(out))
    }

    /// Every present input as known elements, or nil when one is data or a weight without values.
    func knownInputs() throws(NodeFailure) -> [Constant?]? {
        var result: [Constant?] = []
        for index in node.inputs.indices {
            guard hasInput(index) else { result.append(nil); continue }
            switch try input(index) {
            case .constant(let constant): result.append(constant)
            case .weight(let weight):
                guard let values = weight.values else { return nil }
                result.append(values)
            case .activation, .piece: return nil
            }
        }
        return result
    }

    /// A layout operator applied to a weight without values (a Transpose of a MatMul weight, an
    /// Identity alias of a deduplicated initializer): the weight in its new shape. Returns false
    /// when the node is something else.
    mutating func moveWeight() throws(NodeFailure) -> Bool {
        guard hasInput(0), case .weight(var weight) = try input(0), weight.values == nil else { return false }
        switch node.opType {
        case "Identity", "Cast":
            break
        case "Transpose":
            let perm = node.ints("perm") ?? Array(weight.dims.indices.reversed())
            guard perm.count == weight.dims.count, Set(perm) == Set(weight.dims.indices) else {
                throw .problem(.invalidAttribute("perm", "\(perm)"))
            }
            weight.dims = perm.map { weight.dims[$0] }
        case "Reshape":
            weight.dims = try Self.reshaped(weight.dims, to: try integers(at: 1), allowZero: node.int("allowzero", default: 0) != 0)
        case "Squeeze", "Unsqueeze":
            let axes: [Int]? = hasInput(1) ? try integers(at: 1) : node.ints("axes")
            weight.dims = try ConstantFolder.squeezed(weight.dims, axes: axes, unsqueeze: node.opType == "Unsqueeze")
        case "Expand":
            weight.dims = try broadcast(weight.dims, try integers(at: 1))
        default:
            return false
        }
        bind(0, .weight(weight))
        return true
    }
}
