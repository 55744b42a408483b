import TissueIR

/// Why an ONNX file cannot be read: either its bytes are malformed (located by byte offset and
/// the message fields being read) or its graph cannot be brought into the IR (located by node).
/// Every sentence is made here, in ``description``.
public enum ONNXError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The protobuf encoding is broken at `offset`, inside the fields `path` (outermost first).
    case malformed(offset: Int, path: [String], problem: WireProblem)
    /// A node the importer cannot convert.
    case node(name: String, opType: String, problem: NodeProblem)
    /// A graph input's symbolic dimension that nothing binds.
    case unboundDimension(input: String, axis: Int, symbol: String)
    /// A graph input or output that is not a tensor of known rank.
    case untypedValue(String)
    /// A graph with no data input (every input is a parameter) or no output.
    case noInput
    case noOutput
    /// A graph output that is a constant rather than something computed from the inputs.
    case constantOutput(String)
    /// The IR refused the graph (a shape that does not fit an operation), at the named node.
    case graph(GraphError, node: String)

    /// Where the problem is, for the `at …` part of a message: `byte 1234 (ModelProto.graph > …)`.
    public var location: String? {
        switch self {
        case .malformed(let offset, let path, _):
            "byte \(offset)" + (path.isEmpty ? "" : " (" + path.joined(separator: " > ") + ")")
        case .node(let name, let opType, _):
            "node '\(name)' (\(opType))"
        case .graph(_, let node):
            "node '\(node)'"
        case .unboundDimension(let input, _, _), .untypedValue(let input):
            "input '\(input)'"
        case .constantOutput(let output):
            "output '\(output)'"
        case .noInput, .noOutput:
            nil
        }
    }

    /// The sentence without its location.
    public var message: String {
        switch self {
        case .malformed(_, _, let problem):
            problem.description
        case .node(_, _, let problem):
            problem.description
        case .unboundDimension(_, let axis, let symbol):
            "dimension \(axis) is the symbol '\(symbol)', which changes the counts; bind it with "
                + (axis == 0 ? "'--batch N'" : "'--input HxW'")
        case .untypedValue(let name):
            "'\(name)' is not declared as a tensor with a shape"
        case .noInput:
            "the graph has no data input (every input is an initializer or a parameter)"
        case .noOutput:
            "the graph declares no output"
        case .constantOutput:
            "the output is a constant, not computed from the inputs"
        case .graph(let error, _):
            error.problem.description
        }
    }

    /// `at byte 1234 (ModelProto.graph > GraphProto.node[3]): a length of 900 bytes runs past …`
    public var description: String {
        (location.map { "at \($0): " } ?? "") + message
    }
}

extension WireProblem: CustomStringConvertible {
    public var description: String {
        switch self {
        case .truncatedVarint: "the file ends inside a varint; it is truncated"
        case .varintTooLong: "a varint is longer than 10 bytes or does not fit in 64 bits"
        case .invalidWireType(let type): "wire type \(type) does not exist (a corrupt field key)"
        case .invalidFieldNumber(let number): "field number \(number) is out of range (a corrupt field key)"
        case .lengthBeyondEnd(let declared, let available):
            "a length of \(declared) bytes runs past the end of its message (\(available) bytes left); the file is truncated or corrupt"
        case .unexpectedEnd(let needed, let available):
            "a \(needed)-byte value is cut off after \(available) bytes; the file is truncated"
        case .wrongWireType(let found, let expected): "the field is written as \(found.name), but its declaration needs \(expected)"
        case .packedSizeNotMultiple(let size): "a packed array's length is not a multiple of \(size) bytes"
        case .invalidUTF8: "a string is not UTF-8"
        case .groupsUnsupported: "protobuf groups are not used by ONNX (a corrupt field key)"
        case .invalidValue(let detail): detail
        }
    }
}

/// Why one node cannot be converted. The sentence is made in ``description``.
public enum NodeProblem: Sendable, Equatable, CustomStringConvertible {
    /// An input name no earlier node, initializer or graph input produces.
    case unknownValue(String)
    /// An input the operator needs is absent.
    case missingInput(Int)
    /// An input that must be a constant (shape, axes, split sizes) is computed at run time.
    case notConstant(String)
    /// An input that must be a tensor computed from the data (not a weight or a constant).
    case notActivation(String)
    /// An attribute or constant input with a value the operator does not allow.
    case invalidAttribute(String, String)
    /// A subgraph attribute (`If`, `Loop`, `Scan`): control flow is not read.
    case subgraph
    /// An operator without a shape rule whose output shape the file does not declare.
    case undeclaredShape(String)
    /// A value that needs an unbound symbolic dimension (the batch) to be known.
    case needsSymbol
    /// Shapes that the operator cannot combine.
    case shapeMismatch([Int], [Int])
    /// A constant too large to evaluate while reading.
    case constantTooLarge(Int)
    /// A weight whose shape does not fit the layer.
    case weightShape(String, [Int])

    public var description: String {
        switch self {
        case .unknownValue(let name): "it reads '\(name)', which no earlier node, initializer or graph input produces"
        case .missingInput(let index): "input \(index) is missing"
        case .notConstant(let name): "'\(name)' must be a constant (tissue evaluates shapes while reading), but it is computed from the data"
        case .notActivation(let name): "'\(name)' is a constant or a weight where the operator needs data"
        case .invalidAttribute(let name, let value): "\(name) \(value) is not supported"
        case .subgraph: "it holds a subgraph; tissue does not read control flow (If, Loop, Scan)"
        case .undeclaredShape(let output):
            "tissue has no shape rule for it and the file declares no shape for '\(output)'; add value_info with onnx.shape_inference.infer_shapes"
        case .needsSymbol: "it needs the value of the symbolic batch dimension; bind it with '--batch N'"
        case .shapeMismatch(let a, let b): "shapes \(a.map(String.init).joined(separator: "x")) and \(b.map(String.init).joined(separator: "x")) do not fit together"
        case .constantTooLarge(let count): "a constant of \(count) elements is too large to evaluate while reading"
        case .weightShape(let name, let dims): "weight '\(name)' has shape \(dims.map(String.init).joined(separator: "x")), which does not fit the layer"
        }
    }
}
