import TissueIR

extension Importer {
    /// Binds initializers (weights, or constants when they are integers with their values) and
    /// graph inputs. An input that is also an initializer is the initializer (old files list both);
    /// one that feeds only weight slots (parameters exported as inputs) is a weight; the others
    /// are the network's inputs, with symbolic dimensions bound by the options.
    mutating func bindInitializersAndInputs() throws(ONNXError) {
        for tensor in graph.initializers {
            values[tensor.name] = Self.value(of: tensor)
        }
        let weightNames = WeightSlots.names(graph.nodes)
        var sawInput = false
        var sizedInput = false
        for info in graph.inputs where values[info.name] == nil {
            guard let shape = info.shape else { throw .untypedValue(info.name) }
            var dims: [Int] = []
            for (axis, dimension) in shape.enumerated() {
                switch dimension {
                case .value(let value):
                    dims.append(bounded(value))
                case .symbol(let symbol):
                    if axis == 0, !weightNames.contains(info.name) {
                        dims.append(options.batch ?? 1)
                        continue
                    }
                    if let bound = options.symbols[symbol] { dims.append(bound); continue }
                    if shape.count == 4, axis >= 2, let size = options.inputSize {
                        dims.append(axis == 2 ? size.height : size.width)
                        continue
                    }
                    throw .unboundDimension(input: info.name, axis: axis, symbol: symbol)
                case .unknown:
                    throw .unboundDimension(input: info.name, axis: axis, symbol: "?")
                }
            }
            if weightNames.contains(info.name) {
                values[info.name] = .weight(Weight(dims: dims, name: info.name, values: nil))
                continue
            }
            if !sawInput, let first = shape.first {
                switch first {
                case .value(let value): batch = bounded(value)
                case .symbol, .unknown: batch = options.batch
                }
            }
            if dims.count == 4, !sizedInput, let size = options.inputSize {
                dims[2] = size.height
                dims[3] = size.width
                sizedInput = true
            }
            guard dims.count >= 1 else { throw .untypedValue(info.name) }
            let id = scopes[0].builder.input(TensorShape(Array(dims.dropFirst())), name: info.name,
                                             path: NodePath([info.name]))
            values[info.name] = .activation(Activation(scope: 0, node: id, batchFirst: true))
            sawInput = true
        }
        guard sawInput else { throw .noInput }
        guard !graph.outputs.isEmpty else { throw .noOutput }
    }

    /// An initializer's value: a constant when its elements are integers the file holds, a
    /// weight otherwise (a small floating-point weight keeps its values too).
    static func value(of tensor: ONNXTensor) -> Value {
        let dims = tensor.dims.map(bounded)
        let elements = Self.elements(of: tensor)
        if !ONNXDataType.isFloatingPoint(tensor.dataType), let elements {
            return .constant(Constant(dims: dims, elements: elements))
        }
        return .weight(Weight(dims: dims, name: tensor.name, values: elements.map { Constant(dims: dims, elements: $0) }))
    }

    /// A tensor's elements when the file holds them and their count matches its dims.
    static func elements(of tensor: ONNXTensor) -> Constant.Elements? {
        guard let count = tensor.elementCount else { return nil }
        switch tensor.payload {
        case .none:
            return nil
        case .integers(let values):
            guard values.count == count else { return nil }
            return .integers(values)
        case .reals(let values):
            guard values.count == count else { return nil }
            return .reals(values)
        case .raw(let bytes):
            func little(_ offset: Int, _ size: Int) -> UInt64 {
                var value: UInt64 = 0
                for index in stride(from: offset + size - 1, through: offset, by: -1) { value = value << 8 | UInt64(bytes[index]) }
                return value
            }
            switch tensor.dataType {
            case ONNXDataType.int64, ONNXDataType.uint64:
                guard bytes.count % 8 == 0, bytes.count / 8 == count else { return nil }
                return .integers((0..<count).map { Int64(bitPattern: little($0 * 8, 8)) })
            case ONNXDataType.int32:
                guard bytes.count % 4 == 0, bytes.count / 4 == count else { return nil }
                return .integers((0..<count).map { Int64(Int32(bitPattern: UInt32(little($0 * 4, 4)))) })
            case ONNXDataType.bool, 2, 3:
                guard bytes.count == count else { return nil }
                return .integers(bytes.map { tensor.dataType == 3 ? Int64(Int8(bitPattern: $0)) : Int64($0) })
            case ONNXDataType.float:
                guard bytes.count % 4 == 0, bytes.count / 4 == count else { return nil }
                return .reals((0..<count).map { Double(Float(bitPattern: UInt32(little($0 * 4, 4)))) })
            case ONNXDataType.double:
                guard bytes.count % 8 == 0, bytes.count / 8 == count else { return nil }
                return .reals((0..<count).map { Double(bitPattern: little($0 * 8, 8)) })
            default:
                return nil
            }
        }
    }
}

/// The value names that reach a weight slot (a convolution's filters and bias, a Gemm's
/// matrices, BatchNorm's statistics…) through Identity and Transpose: a graph input among them
/// is a parameter exported as an input, not data.
enum WeightSlots {
    static let slots: [String: [Int]] = [
        "Conv": [1, 2], "ConvTranspose": [1, 2], "Gemm": [1, 2], "BatchNormalization": [1, 2, 3, 4],
        "LayerNormalization": [1, 2], "GroupNormalization": [1, 2], "InstanceNormalization": [1, 2],
    ]

    static func names(_ nodes: [ONNXNode]) -> Set<String> {
        var names = Set<String>()
        for index in stride(from: nodes.count - 1, through: 0, by: -1) {
            let node = nodes[index]
            if let slots = slots[node.opType] {
                for slot in slots where slot < node.inputs.count { names.insert(node.inputs[slot]) }
            }
            if node.opType == "Identity" || node.opType == "Transpose", let output = node.outputs.first,
               names.contains(output), let input = node.inputs.first {
                names.insert(input)
            }
        }
        names.remove("")
        return names
    }
}
