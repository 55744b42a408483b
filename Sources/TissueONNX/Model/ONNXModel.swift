/// The parts of an ONNX model (`onnx.proto`, onnx 1.23) that tissue reads. Field numbers are
/// in the parsers (`ModelParser`, `GraphParser`, `TensorParser`); everything else a file holds is
/// skipped by wire type. Tensor payloads are recorded by size: only small tensors (shape
/// constants, scalars) keep their bytes.
public struct ONNXModel: Sendable {
    /// ModelProto 1.
    public var irVersion: Int64 = 0
    /// ModelProto 2 and 3: `pytorch`, `2.15.0`.
    public var producerName = ""
    public var producerVersion = ""
    /// ModelProto 6.
    public var docString = ""
    /// ModelProto 8: operator sets by domain (`""` is `ai.onnx`).
    public var opsetImports: [(domain: String, version: Int64)] = []
    /// ModelProto 14.
    public var metadata: [(key: String, value: String)] = []
    /// ModelProto 7.
    public var graph = ONNXGraph()

    /// The default domain's operator set version (0 when not declared).
    public var opset: Int64 {
        opsetImports.first { $0.domain.isEmpty || $0.domain == "ai.onnx" }?.version ?? 0
    }
}

/// GraphProto: nodes in topological order, initializers, declared values.
public struct ONNXGraph: Sendable {
    /// GraphProto 2.
    public var name = ""
    /// GraphProto 1.
    public var nodes: [ONNXNode] = []
    /// GraphProto 5.
    public var initializers: [ONNXTensor] = []
    /// GraphProto 11, 12, 13.
    public var inputs: [ONNXValueInfo] = []
    public var outputs: [ONNXValueInfo] = []
    public var valueInfo: [ONNXValueInfo] = []
    /// GraphProto 15: sparse initializers, counted but not read.
    public var sparseInitializers = 0
}

/// NodeProto: one operator application.
public struct ONNXNode: Sendable {
    /// NodeProto 3, 4, 7.
    public var name = ""
    public var opType = ""
    public var domain = ""
    /// NodeProto 1 and 2; `""` is an omitted optional input.
    public var inputs: [String] = []
    public var outputs: [String] = []
    /// NodeProto 5.
    public var attributes: [ONNXAttribute] = []
    /// NodeProto 9 (the dynamo exporter's `pkg.torch.onnx.name_scopes`).
    public var metadata: [(key: String, value: String)] = []
    /// Where the node's bytes start in the file.
    public var offset = 0

    public func attribute(_ name: String) -> ONNXAttribute? { attributes.first { $0.name == name } }
}

/// AttributeProto: a named constant setting. Graph-valued attributes (fields 6 and 11) are not
/// read; ``hasGraph`` records that the node carries a subgraph.
public struct ONNXAttribute: Sendable {
    /// The `AttributeType` enum (AttributeProto 20).
    public enum Kind: Int64, Sendable {
        case undefined = 0, float, int, string, tensor, graph, floats, ints, strings, tensors, graphs,
             sparseTensor, sparseTensors, typeProto, typeProtos
    }

    public var name = ""
    public var kind: Kind = .undefined
    public var float: Float = 0
    public var int: Int64 = 0
    public var string = ""
    public var tensor: ONNXTensor?
    public var floats: [Float] = []
    public var ints: [Int64] = []
    public var hasGraph = false
}

/// TensorProto: dims, type, where its data is and how many bytes; the bytes themselves only when
/// the tensor is small (``payload``).
public struct ONNXTensor: Sendable {
    /// TensorProto 8.
    public var name = ""
    /// TensorProto 1 (unpacked or packed); none for a scalar.
    public var dims: [Int64] = []
    /// TensorProto 2, a `DataType` value.
    public var dataType: Int32 = 0
    /// TensorProto 14 / 13: the data lives in another file.
    public var isExternal = false
    /// Bytes of data the tensor holds in this file (raw or typed fields).
    public var storedBytes = 0
    /// Small tensors' values: raw little-endian bytes, or typed fields.
    public var payload: Payload = .none

    public enum Payload: Sendable, Equatable {
        case none
        /// `raw_data` (TensorProto 9).
        case raw([UInt8])
        /// `int64_data`, `int32_data` (sign-extended), or `uint64_data`.
        case integers([Int64])
        /// `float_data` or `double_data`.
        case reals([Double])
    }

    /// The element count, the product of `dims` (1 for a scalar), or nil when it overflows.
    public var elementCount: Int? {
        var count = 1
        for dim in dims {
            guard dim >= 0, dim <= Int64(Int.max) else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(dim))
            if overflow { return nil }
            count = product
        }
        return count
    }
}

/// The `DataType` enum values tissue tells apart (TensorProto.DataType, onnx.proto line 609).
public enum ONNXDataType {
    public static let float: Int32 = 1, int32: Int32 = 6, int64: Int32 = 7, bool: Int32 = 9, float16: Int32 = 10,
                      double: Int32 = 11, uint64: Int32 = 13, bfloat16: Int32 = 16
    /// Floating point types: an initializer of one of these is a weight.
    public static func isFloatingPoint(_ type: Int32) -> Bool {
        [1, 10, 11, 16, 17, 18, 19, 20, 23, 24, 27, 28].contains(type)
    }
}

/// ValueInfoProto with a tensor type: a name, an element type and a shape whose dimensions are
/// numbers, symbols (`batch`) or unknown.
public struct ONNXValueInfo: Sendable {
    public enum Dimension: Sendable, Equatable {
        case value(Int64)
        case symbol(String)
        case unknown
    }

    public var name = ""
    public var elementType: Int32 = 0
    /// nil when the file declares no shape (rank unknown).
    public var shape: [Dimension]?
}
