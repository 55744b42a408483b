/// Evaluates shape arithmetic while reading: the `Shape → Gather → Unsqueeze → Concat → Reshape`
/// chains, ShuffleNet's chunk bounds, ViT's scale and class-token expand. Operators follow the
/// ONNX spec on INT64 (integer division truncates, as onnxruntime does) and on reals; an
/// unknown element (an unbound batch) stays unknown. No result may exceed ``limit`` elements.
enum ConstantFolder {
    static let limit = 1 << 20

    static let unary: Set<String> = ["Identity", "Cast", "Neg", "Abs", "Sqrt", "Reciprocal", "Floor", "Ceil", "Not", "Sign"]
    static let binary: Set<String> = ["Add", "Sub", "Mul", "Div", "Mod", "Pow", "Equal", "Less", "Greater", "LessOrEqual",
                                      "GreaterOrEqual", "Min", "Max", "And", "Or"]
    static let layout: Set<String> = ["Gather", "Slice", "Squeeze", "Unsqueeze", "Concat", "Reshape", "Flatten", "Transpose",
                                      "Expand", "Where", "ConstantOfShape", "Range", "Shape", "Size"]

    static func folds(_ opType: String) -> Bool {
        unary.contains(opType) || binary.contains(opType) || layout.contains(opType)
    }

    static func evaluate(_ node: ONNXNode, _ inputs: [Constant?], opset: Int64) throws(NodeFailure) -> [Constant] {
        func input(_ index: Int) throws(NodeFailure) -> Constant {
            guard index < inputs.count, let value = inputs[index] else { throw .problem(.missingInput(index)) }
            return value
        }
        func known(_ index: Int) throws(NodeFailure) -> [Int] {
            var result: [Int] = []
            for value in try input(index).integers {
                guard let value else { throw .problem(.needsSymbol) }
                result.append(bounded(value))
            }
            return result
        }
        let op = node.opType
        if unary.contains(op) { return [try unaryOp(op, try input(0), node)] }
        if binary.contains(op) { return [try binaryOp(op, try input(0), try input(1), node)] }
        switch op {
        case "Shape":
            return [Constant(integers: try input(0).dims.map { Int64($0) })]
        case "Size":
            return [Constant(integers: [Int64(try input(0).count)], dims: [])]
        case "Gather":
            let data = try input(0), indices = try input(1)
            guard let axis = normalizedAxis(node.int("axis", default: 0), rank: data.dims.count) else {
                throw .problem(.invalidAttribute("axis", "\(node.int("axis", default: 0))"))
            }
            let size = data.dims[axis], inner = data.dims[(axis + 1)...].reduce(1, *), outer = data.dims[..<axis].reduce(1, *)
            var picks: [Int] = []
            var indexValues: [Int] = []
            for value in indices.integers {
                guard let value, value >= -Int64(size), value < Int64(size) else { throw .problem(.invalidAttribute("indices", "out of range")) }
                indexValues.append(Int(value < 0 ? value + Int64(size) : value))
            }
            try check(outer * indexValues.count * inner)
            for o in 0..<outer { for i in indexValues { for k in 0..<inner { picks.append((o * size + i) * inner + k) } } }
            return [Constant(dims: Array(data.dims[..<axis]) + indices.dims + Array(data.dims[(axis + 1)...]),
                             elements: pick(data.elements, picks))]
        case "Slice":
            let data = try input(0)
            let starts = try known(1), ends = try known(2)
            let axes = inputs.count > 3 && inputs[3] != nil ? try known(3) : Array(0..<starts.count)
            let steps = inputs.count > 4 && inputs[4] != nil ? try known(4) : Array(repeating: 1, count: starts.count)
            var ranges = data.dims.map { Array(0..<$0) }
            for k in starts.indices {
                guard k < ends.count, k < axes.count, k < steps.count, steps[k] != 0,
                      let axis = normalizedAxis(axes[k], rank: data.dims.count) else {
                    throw .problem(.invalidAttribute("axes", "\(axes)"))
                }
                ranges[axis] = sliceRange(start: starts[k], end: ends[k], step: steps[k], size: data.dims[axis])
            }
            return [try gatherGrid(data, ranges)]
        case "Squeeze", "Unsqueeze":
            let data = try input(0)
            let axes: [Int]? = inputs.count > 1 && inputs[1] != nil ? try known(1) : node.ints("axes")
            return [Constant(dims: try squeezed(data.dims, axes: axes, unsqueeze: op == "Unsqueeze"), elements: data.elements)]
        case "Reshape":
            let data = try input(0)
            let dims = try Importer.reshaped(data.dims, to: try known(1), allowZero: node.int("allowzero", default: 0) != 0)
            return [Constant(dims: dims, elements: data.elements)]
        case "Flatten":
            let data = try input(0)
            guard let axis = normalizedAxis(node.int("axis", default: 1), rank: data.dims.count + 1) else {
                throw .problem(.invalidAttribute("axis", "\(node.int("axis", default: 1))"))
            }
            return [Constant(dims: [data.dims[..<axis].reduce(1, *), data.dims[axis...].reduce(1, *)], elements: data.elements)]
        case "Concat":
            let parts = inputs.compactMap { $0 }
            guard let first = parts.first, let axis = normalizedAxis(node.int("axis", default: 0), rank: max(first.dims.count, 1)) else {
                throw .problem(.missingInput(0))
            }
            var dims = first.dims.isEmpty ? [1] : first.dims
            var total = 0
            for part in parts {
                let partDims = part.dims.isEmpty ? [1] : part.dims
                guard partDims.count == dims.count else { throw .problem(.shapeMismatch(dims, part.dims)) }
                total += partDims[axis]
            }
            dims[axis] = total
            try check(dims.reduce(1, *))
            let outer = dims[..<axis].reduce(1, *)
            var result: Constant.Elements = parts.allSatisfy(\.isInteger) ? .integers([]) : .reals([])
            for o in 0..<outer {
                for part in parts {
                    let partDims = part.dims.isEmpty ? [1] : part.dims
                    let chunk = partDims[axis...].reduce(1, *)
                    result = append(result, pick(part.elements, Array((o * chunk)..<((o + 1) * chunk))))
                }
            }
            return [Constant(dims: dims, elements: result)]
        case "Transpose":
            let data = try input(0)
            let perm = node.ints("perm") ?? Array(data.dims.indices.reversed())
            guard perm.count == data.dims.count, Set(perm) == Set(data.dims.indices) else {
                throw .problem(.invalidAttribute("perm", "\(perm)"))
            }
            let strides = strides(data.dims)
            var picks: [Int] = []
            let out = perm.map { data.dims[$0] }
            forEachIndex(out) { index in
                var source = 0
                for (axis, value) in index.enumerated() { source += value * strides[perm[axis]] }
                picks.append(source)
            }
            return [Constant(dims: out, elements: pick(data.elements, picks))]
        case "Expand":
            let data = try input(0)
            let out = try broadcast(data.dims, try known(1))
            try check(try checkedProduct(out))
            return [Constant(dims: out, elements: pick(data.elements, broadcastPicks(data.dims, to: out)))]
        case "Where":
            let condition = try input(0), a = try input(1), b = try input(2)
            let out = try broadcast(try broadcast(condition.dims, a.dims), b.dims)
            try check(out.reduce(1, *))
            let c = pick(condition.elements, broadcastPicks(condition.dims, to: out))
            let x = pick(a.elements, broadcastPicks(a.dims, to: out)), y = pick(b.elements, broadcastPicks(b.dims, to: out))
            let flags = Constant(dims: out, elements: c).integers
            let chosen = Constant(dims: out, elements: x), other = Constant(dims: out, elements: y)
            if chosen.isInteger, other.isInteger {
                return [Constant(dims: out, elements: .integers(flags.indices.map { flags[$0].map { $0 != 0 } == true ? chosen.integers[$0] : flags[$0] == nil ? nil : other.integers[$0] }))]
            }
            return [Constant(dims: out, elements: .reals(flags.indices.map { (flags[$0] ?? 0) != 0 ? chosen.reals[$0] ?? .nan : other.reals[$0] ?? .nan }))]
        case "ConstantOfShape":
            let dims = try known(0)
            let count = try checkedProduct(dims)
            try check(count)
            let fill = node.attribute("value")?.tensor.map { Importer.value(of: $0) }
            if case .constant(let value)? = fill, value.isInteger {
                return [Constant(dims: dims, elements: .integers(Array(repeating: value.integers.first ?? 0, count: count)))]
            }
            var real = 0.0
            if case .weight(let weight)? = fill, let scalar = weight.values?.scalar { real = scalar }
            if case .constant(let value)? = fill, let scalar = value.scalar { real = scalar }
            return [Constant(dims: dims, elements: .reals(Array(repeating: real, count: count)))]
        case "Range":
            let start = try input(0), limit = try input(1), delta = try input(2)
            if start.isInteger, limit.isInteger, delta.isInteger {
                guard let s = start.integers.first ?? nil, let l = limit.integers.first ?? nil, let d = delta.integers.first ?? nil, d != 0 else {
                    throw .problem(.needsSymbol)
                }
                let (span, overflow) = l.subtractingReportingOverflow(s)
                guard !overflow, l.magnitude < 1 << 62, s.magnitude < 1 << 62, d.magnitude < 1 << 62 else { throw .problem(.constantTooLarge(Int.max)) }
                let count = max(Int((span + d - (d > 0 ? 1 : -1)) / d), 0)
                try check(count)
                return [Constant(integers: (0..<count).map { s + Int64($0) * d })]
            }
            guard let s = start.scalar, let l = limit.scalar, let d = delta.scalar, d != 0, ((l - s) / d).isFinite else {
                throw .problem(.needsSymbol)
            }
            let steps = ((l - s) / d).rounded(.up)
            guard !steps.isNaN, steps < Double(Self.limit) else { throw .problem(.constantTooLarge(Self.limit)) }
            let count = steps > 0 ? Int(steps) : 0
            try check(count)
            return [Constant(dims: [count], elements: .reals((0..<count).map { s + Double($0) * d }))]
        default:
            throw .problem(.notConstant(op))
        }
    }

    static func check(_ count: Int) throws(NodeFailure) {
        guard count <= limit else { throw .problem(.constantTooLarge(count)) }
    }

    static func unaryOp(_ op: String, _ x: Constant, _ node: ONNXNode) throws(NodeFailure) -> Constant {
        switch op {
        case "Identity":
            return x
        case "Cast":
            let to = Int32(clamping: node.int("to", default: 1))
            if ONNXDataType.isFloatingPoint(to) { return Constant(dims: x.dims, elements: .reals(x.reals.map { $0 ?? .nan })) }
            if to == ONNXDataType.bool { return Constant(dims: x.dims, elements: .integers(x.reals.map { $0.map { $0 != 0 ? 1 : 0 } })) }
            return Constant(dims: x.dims, elements: .integers(x.integers))
        default:
            if x.isInteger, op != "Sqrt", op != "Reciprocal" {
                let values: [Int64?] = x.integers.map { value in
                    guard let value else { return nil }
                    switch op {
                    case "Neg": return value == .min ? nil : -value
                    case "Abs": return value == .min ? nil : abs(value)
                    case "Not": return value == 0 ? 1 : 0
                    case "Sign": return value.signum()
                    default: return value
                    }
                }
                return Constant(dims: x.dims, elements: .integers(values))
            }
            let values: [Double] = x.reals.map { value in
                guard let value else { return .nan }
                switch op {
                case "Neg": return -value
                case "Abs": return abs(value)
                case "Sqrt": return value.squareRoot()
                case "Reciprocal": return 1 / value
                case "Floor": return value.rounded(.down)
                case "Ceil": return value.rounded(.up)
                case "Not": return value == 0 ? 1 : 0
                case "Sign": return value > 0 ? 1 : value < 0 ? -1 : 0
                default: return value
                }
            }
            return Constant(dims: x.dims, elements: .reals(values))
        }
    }

    static func binaryOp(_ op: String, _ a: Constant, _ b: Constant, _ node: ONNXNode) throws(NodeFailure) -> Constant {
        let out = try broadcast(a.dims, b.dims)
        try check(out.reduce(1, *))
        let left = Constant(dims: out, elements: pick(a.elements, broadcastPicks(a.dims, to: out)))
        let right = Constant(dims: out, elements: pick(b.elements, broadcastPicks(b.dims, to: out)))
        let comparison: Set<String> = ["Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or"]
        if left.isInteger, right.isInteger {
            let x = left.integers, y = right.integers
            let values: [Int64?] = x.indices.map { index in
                guard let p = x[index], let q = y[index] else { return nil }
                switch op {
                case "Add": return p.addingReportingOverflow(q).overflow ? nil : p + q
                case "Sub": return p.subtractingReportingOverflow(q).overflow ? nil : p - q
                case "Mul": return p.multipliedReportingOverflow(by: q).overflow ? nil : p * q
                case "Div": return q == 0 || (p == .min && q == -1) ? nil : p / q
                case "Mod":
                    guard q != 0, !(p == .min && q == -1) else { return nil }
                    let r = p % q
                    return node.int("fmod", default: 0) != 0 || r == 0 || (r < 0) == (q < 0) ? r : r + q
                case "Pow":
                    guard q >= 0, q < 64 else { return nil }
                    var result: Int64 = 1
                    for _ in 0..<q {
                        let (next, overflow) = result.multipliedReportingOverflow(by: p)
                        if overflow { return nil }
                        result = next
                    }
                    return result
                default: return compare(op, p, q)
                }
            }
            return Constant(dims: out, elements: .integers(values))
        }
        let x = left.reals, y = right.reals
        let values: [Double] = x.indices.map { index in
            guard let p = x[index], let q = y[index] else { return .nan }
            switch op {
            case "Add": return p + q
            case "Sub": return p - q
            case "Mul": return p * q
            case "Div": return p / q
            case "Mod": return p.truncatingRemainder(dividingBy: q)
            case "Pow": return pow(p, q)
            default: return compare(op, p, q) ?? .nan
            }
        }
        if comparison.contains(op) { return Constant(dims: out, elements: .integers(values.map { $0.isNaN ? nil : Int64($0) })) }
        return Constant(dims: out, elements: .reals(values))
    }

    /// The comparisons, logic and Min/Max, alike on integers and reals (true is 1).
    static func compare<T: Comparable & ExpressibleByIntegerLiteral>(_ op: String, _ p: T, _ q: T) -> T? {
        switch op {
        case "Equal": p == q ? 1 : 0
        case "Less": p < q ? 1 : 0
        case "Greater": p > q ? 1 : 0
        case "LessOrEqual": p <= q ? 1 : 0
        case "GreaterOrEqual": p >= q ? 1 : 0
        case "Min": min(p, q)
        case "Max": max(p, q)
        case "And": p != 0 && q != 0 ? 1 : 0
        case "Or": p != 0 || q != 0 ? 1 : 0
        default: nil
        }
    }

    /// `p^q` without Foundation: exact for small integer exponents, `exp(q·log p)` is not
    /// available, so other exponents give NaN (shape arithmetic never needs them).
    static func pow(_ p: Double, _ q: Double) -> Double {
        guard q == q.rounded(), abs(q) <= 64 else { return q == 0.5 ? p.squareRoot() : .nan }
        var result = 1.0
        for _ in 0..<Int(abs(q)) { result *= p }
        return q < 0 ? 1 / result : result
    }

    /// ONNX Slice on an axis of `size` (Python-style clamping): the first index taken, how many,
    /// and the step, computed without listing them.
    static func slice(start: Int, end: Int, step: Int, size: Int) -> (first: Int, count: Int, step: Int) {
        func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { min(max(value, low), high) }
        let s = start < 0 ? start + size : start, e = end < 0 ? end + size : end
        if step > 0 {
            let from = clamp(s, 0, size), to = clamp(e, 0, size)
            return (from, from < to ? (to - from - 1) / step + 1 : 0, step)
        }
        let from = clamp(s, -1, size - 1), to = clamp(e, -1, size - 1)
        return (from, from > to ? (from - to - 1) / (-step) + 1 : 0, step)
    }

    /// The indices of ``slice(start:end:step:size:)``, for constants (whose sizes are bounded).
    static func sliceRange(start: Int, end: Int, step: Int, size: Int) -> [Int] {
        let range = slice(start: start, end: end, step: step, size: size)
        return (0..<range.count).map { range.first + $0 * range.step }
    }

    /// Squeeze (the given axes, or every 1) or Unsqueeze (insert 1s at the output axes).
    static func squeezed(_ dims: [Int], axes: [Int]?, unsqueeze: Bool) throws(NodeFailure) -> [Int] {
        if unsqueeze {
            guard let axes else { throw .problem(.missingInput(1)) }
            let rank = dims.count + axes.count
            var normalized = Set<Int>()
            for axis in axes {
                guard let value = normalizedAxis(axis, rank: rank) else { throw .problem(.invalidAttribute("axes", "\(axes)")) }
                normalized.insert(value)
            }
            var out: [Int] = []
            var next = dims.makeIterator()
            for axis in 0..<rank { out.append(normalized.contains(axis) ? 1 : next.next() ?? 1) }
            return out
        }
        guard let axes else { return dims.filter { $0 != 1 } }
        var normalized = Set<Int>()
        for axis in axes {
            guard let value = normalizedAxis(axis, rank: dims.count), dims[value] == 1 else {
                throw .problem(.invalidAttribute("axes", "\(axes)"))
            }
            normalized.insert(value)
        }
        return dims.enumerated().filter { !normalized.contains($0.offset) }.map(\.element)
    }

    static func strides(_ dims: [Int]) -> [Int] {
        var result = Array(repeating: 1, count: dims.count)
        var stride = 1
        for axis in dims.indices.reversed() {
            result[axis] = stride
            stride *= dims[axis]
        }
        return result
    }

    /// Calls `body` with every index of `dims` in row-major order.
    static func forEachIndex(_ dims: [Int], _ body: ([Int]) -> Void) {
        guard dims.allSatisfy({ $0 > 0 }) else { return }
        var index = Array(repeating: 0, count: dims.count)
        while true {
            body(index)
            var axis = dims.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < dims[axis] { break }
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }

    /// For every element of `out`, the element of a tensor of `dims` that broadcasts to it.
    static func broadcastPicks(_ dims: [Int], to out: [Int]) -> [Int] {
        let padded = Array(repeating: 1, count: out.count - dims.count) + dims
        let strides = strides(padded)
        var picks: [Int] = []
        forEachIndex(out) { index in
            var source = 0
            for axis in index.indices where padded[axis] != 1 { source += index[axis] * strides[axis] }
            picks.append(source)
        }
        return picks
    }

    /// The sub-tensor at the cartesian product of per-axis index lists.
    static func gatherGrid(_ data: Constant, _ ranges: [[Int]]) throws(NodeFailure) -> Constant {
        let out = ranges.map(\.count)
        try check(out.reduce(1, *))
        let strides = strides(data.dims)
        var picks: [Int] = []
        forEachIndex(out) { index in
            var source = 0
            for axis in index.indices { source += ranges[axis][index[axis]] * strides[axis] }
            picks.append(source)
        }
        return Constant(dims: out, elements: pick(data.elements, picks))
    }

    static func pick(_ elements: Constant.Elements, _ indices: [Int]) -> Constant.Elements {
        switch elements {
        case .integers(let values): .integers(indices.map { $0 < values.count ? values[$0] : nil })
        case .reals(let values): .reals(indices.map { $0 < values.count ? values[$0] : .nan })
        }
    }

    static func append(_ a: Constant.Elements, _ b: Constant.Elements) -> Constant.Elements {
        switch (a, b) {
        case (.integers(let x), .integers(let y)): .integers(x + y)
        default: .reals(Constant(dims: [], elements: a).reals.map { $0 ?? .nan } + Constant(dims: [], elements: b).reals.map { $0 ?? .nan })
        }
    }
}
