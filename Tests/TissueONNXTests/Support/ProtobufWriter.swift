/// Writes protobuf messages for tests: small ONNX models made field by field, so that a test can
/// say exactly what a file holds (an unknown operator, a symbolic dimension, a subgraph).
struct ProtobufWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func key(_ field: Int, _ wire: UInt8) { varint(UInt64(field) << 3 | UInt64(wire)) }

    mutating func int(_ field: Int, _ value: Int64) {
        key(field, 0)
        varint(UInt64(bitPattern: value))
    }

    mutating func float(_ field: Int, _ value: Float) {
        key(field, 5)
        var bits = value.bitPattern
        for _ in 0..<4 {
            bytes.append(UInt8(bits & 0xFF))
            bits >>= 8
        }
    }

    mutating func bytes(_ field: Int, _ payload: [UInt8]) {
        key(field, 2)
        varint(UInt64(payload.count))
        bytes += payload
    }

    mutating func string(_ field: Int, _ text: String) { bytes(field, Array(text.utf8)) }

    mutating func message(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
        var inner = ProtobufWriter()
        build(&inner)
        bytes(field, inner.bytes)
    }
}

/// A tiny ONNX model builder over ``ProtobufWriter`` (field numbers from onnx.proto).
struct ModelWriter {
    enum Dim { case value(Int64), symbol(String) }

    struct Node {
        var op: String
        var inputs: [String]
        var outputs: [String]
        var name = ""
        var ints: [(String, [Int64])] = []
        var int: [(String, Int64)] = []
        var floats: [(String, Float)] = []
        var subgraph = false
    }

    var inputs: [(String, [Dim])] = [("x", [.value(1), .value(3), .value(8), .value(8)])]
    var outputs: [(String, [Dim]?)] = [("y", nil)]
    var valueInfo: [(String, [Dim])] = []
    var initializers: [(String, [Int64])] = []
    var nodes: [Node] = []
    var opset: Int64 = 17

    func encoded() -> [UInt8] {
        var model = ProtobufWriter()
        model.int(1, 8)
        model.string(2, "test")
        model.message(7) { graph in
            for node in nodes {
                graph.message(1) { n in
                    for input in node.inputs { n.string(1, input) }
                    for output in node.outputs { n.string(2, output) }
                    n.string(3, node.name)
                    n.string(4, node.op)
                    for (name, values) in node.ints {
                        n.message(5) { a in a.string(1, name); for v in values { a.int(8, v) }; a.int(20, 7) }
                    }
                    for (name, value) in node.int { n.message(5) { a in a.string(1, name); a.int(3, value); a.int(20, 2) } }
                    for (name, value) in node.floats { n.message(5) { a in a.string(1, name); a.float(2, value); a.int(20, 1) } }
                    if node.subgraph { n.message(5) { a in a.string(1, "body"); a.message(6) { g in g.string(2, "inner") }; a.int(20, 5) } }
                }
            }
            graph.string(2, "main")
            for (name, dims) in initializers {
                graph.message(5) { t in for d in dims { t.int(1, d) }; t.int(2, 1); t.string(8, name) }
            }
            for (name, dims) in inputs { graph.message(11) { Self.valueInfo(&$0, name, dims) } }
            for (name, dims) in outputs {
                graph.message(12) { v in if let dims { Self.valueInfo(&v, name, dims) } else { v.string(1, name) } }
            }
            for (name, dims) in valueInfo { graph.message(13) { Self.valueInfo(&$0, name, dims) } }
        }
        model.message(8) { $0.int(2, opset) }
        return model.bytes
    }

    static func valueInfo(_ v: inout ProtobufWriter, _ name: String, _ dims: [Dim]) {
        v.string(1, name)
        v.message(2) { type in
            type.message(1) { tensor in
                tensor.int(1, 1)
                tensor.message(2) { shape in
                    for dim in dims {
                        shape.message(1) { d in
                            switch dim {
                            case .value(let value): d.int(1, value)
                            case .symbol(let symbol): d.string(2, symbol)
                            }
                        }
                    }
                }
            }
        }
    }
}
