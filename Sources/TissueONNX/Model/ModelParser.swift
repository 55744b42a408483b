/// Parses ModelProto, GraphProto, NodeProto and AttributeProto (`onnx.proto`, onnx 1.23,
/// lines 138–600). Fields may come in any order and unknown ones are skipped by wire type; a
/// failure gains the field it happened in on its way out (`ModelProto.graph > GraphProto.node[12]`).
enum ModelParser {
    static func model(_ bytes: UnsafeRawBufferPointer) throws(WireFailure) -> ONNXModel {
        var model = ONNXModel()
        var reader = WireReader(bytes)
        var sawGraph = false
        var opsets = 0, metadata = 0
        while let key = try reader.nextField() {
            switch key.number {
            case 1:
                try reader.expect(key, .varint)
                model.irVersion = try reader.int64()
            case 2:
                try reader.expect(key, .lengthDelimited)
                model.producerName = try within("ModelProto.producer_name") { () throws(WireFailure) in try reader.string() }
            case 3:
                try reader.expect(key, .lengthDelimited)
                model.producerVersion = try within("ModelProto.producer_version") { () throws(WireFailure) in try reader.string() }
            case 6:
                try reader.expect(key, .lengthDelimited)
                model.docString = try within("ModelProto.doc_string") { () throws(WireFailure) in try reader.string() }
            case 7:
                try reader.expect(key, .lengthDelimited)
                model.graph = try message(&reader, "ModelProto.graph", graph)
                sawGraph = true
            case 8:
                try reader.expect(key, .lengthDelimited)
                let opset = try message(&reader, "ModelProto.opset_import[\(opsets)]", operatorSet)
                model.opsetImports.append(opset)
                opsets += 1
            case 14:
                try reader.expect(key, .lengthDelimited)
                model.metadata.append(try message(&reader, "ModelProto.metadata_props[\(metadata)]", entry))
                metadata += 1
            default:
                try reader.skip(key.wire)
            }
        }
        guard sawGraph else {
            throw WireFailure(offset: bytes.count, problem: .invalidValue("the file has no graph (ModelProto field 7); it is not an ONNX model"))
        }
        return model
    }

    static func graph(_ reader: WireReader) throws(WireFailure) -> ONNXGraph {
        var reader = reader
        var graph = ONNXGraph()
        while let key = try reader.nextField() {
            switch key.number {
            case 1:
                try reader.expect(key, .lengthDelimited)
                let start = reader.offset
                var parsed = try message(&reader, "GraphProto.node[\(graph.nodes.count)]", node)
                parsed.offset = start
                graph.nodes.append(parsed)
            case 2:
                try reader.expect(key, .lengthDelimited)
                graph.name = try within("GraphProto.name") { () throws(WireFailure) in try reader.string() }
            case 5:
                try reader.expect(key, .lengthDelimited)
                graph.initializers.append(try message(&reader, "GraphProto.initializer[\(graph.initializers.count)]") {
                    (tensor) throws(WireFailure) in try TensorParser.tensor(tensor, keepsFloats: true)
                })
            case 11, 12, 13:
                try reader.expect(key, .lengthDelimited)
                let field = key.number == 11 ? "input" : key.number == 12 ? "output" : "value_info"
                let index = key.number == 11 ? graph.inputs.count : key.number == 12 ? graph.outputs.count : graph.valueInfo.count
                let info = try message(&reader, "GraphProto.\(field)[\(index)]", TensorParser.valueInfo)
                switch key.number {
                case 11: graph.inputs.append(info)
                case 12: graph.outputs.append(info)
                default: graph.valueInfo.append(info)
                }
            case 15:
                try reader.skip(key.wire)
                graph.sparseInitializers += 1
            default:
                try reader.skip(key.wire)
            }
        }
        return graph
    }

    static func node(_ reader: WireReader) throws(WireFailure) -> ONNXNode {
        var reader = reader
        var node = ONNXNode()
        while let key = try reader.nextField() {
            switch key.number {
            case 1, 2, 3, 4, 7:
                try reader.expect(key, .lengthDelimited)
                let field = ["", "input", "output", "name", "op_type", "", "", "domain"][key.number]
                let text = try within("NodeProto.\(field)") { () throws(WireFailure) in try reader.string() }
                switch key.number {
                case 1: node.inputs.append(text)
                case 2: node.outputs.append(text)
                case 3: node.name = text
                case 4: node.opType = text
                default: node.domain = text
                }
            case 5:
                try reader.expect(key, .lengthDelimited)
                node.attributes.append(try message(&reader, "NodeProto.attribute[\(node.attributes.count)]", attribute))
            case 9:
                try reader.expect(key, .lengthDelimited)
                node.metadata.append(try message(&reader, "NodeProto.metadata_props[\(node.metadata.count)]", entry))
            default:
                try reader.skip(key.wire)
            }
        }
        return node
    }

    static func attribute(_ reader: WireReader) throws(WireFailure) -> ONNXAttribute {
        var reader = reader
        var attribute = ONNXAttribute()
        while let key = try reader.nextField() {
            switch key.number {
            case 1:
                try reader.expect(key, .lengthDelimited)
                attribute.name = try within("AttributeProto.name") { () throws(WireFailure) in try reader.string() }
            case 2:
                try reader.expect(key, .fixed32)
                attribute.float = Float(bitPattern: try reader.fixed32())
            case 3:
                try reader.expect(key, .varint)
                attribute.int = try reader.int64()
            case 4:
                try reader.expect(key, .lengthDelimited)
                attribute.string = try within("AttributeProto.s") { () throws(WireFailure) in try reader.string() }
            case 5:
                try reader.expect(key, .lengthDelimited)
                attribute.tensor = try message(&reader, "AttributeProto.t") { (tensor) throws(WireFailure) in
                    try TensorParser.tensor(tensor, keepsFloats: true)
                }
            case 6, 11:
                // A subgraph (If, Loop, Scan): recorded, never descended into.
                try reader.skip(key.wire)
                attribute.hasGraph = true
            case 7:
                try within("AttributeProto.floats") { () throws(WireFailure) in try reader.floats(key.wire, into: &attribute.floats) }
            case 8:
                try within("AttributeProto.ints") { () throws(WireFailure) in try reader.int64s(key.wire, into: &attribute.ints) }
            case 20:
                try reader.expect(key, .varint)
                let value = try reader.int64()
                guard let kind = ONNXAttribute.Kind(rawValue: value) else {
                    throw WireFailure(offset: key.offset, problem: .invalidValue("attribute type \(value) is not an AttributeType"))
                        .inside("AttributeProto.type")
                }
                attribute.kind = kind
            default:
                try reader.skip(key.wire)
            }
        }
        return attribute
    }

    /// OperatorSetIdProto: 1 `domain`, 2 `version`.
    static func operatorSet(_ reader: WireReader) throws(WireFailure) -> (domain: String, version: Int64) {
        var reader = reader
        var result = (domain: "", version: Int64(0))
        while let key = try reader.nextField() {
            switch key.number {
            case 1:
                try reader.expect(key, .lengthDelimited)
                result.domain = try reader.string()
            case 2:
                try reader.expect(key, .varint)
                result.version = try reader.int64()
            default:
                try reader.skip(key.wire)
            }
        }
        return result
    }

    /// StringStringEntryProto: 1 `key`, 2 `value`.
    static func entry(_ reader: WireReader) throws(WireFailure) -> (key: String, value: String) {
        var reader = reader
        var result = (key: "", value: "")
        while let key = try reader.nextField() {
            switch key.number {
            case 1:
                try reader.expect(key, .lengthDelimited)
                result.key = try reader.string()
            case 2:
                try reader.expect(key, .lengthDelimited)
                result.value = try reader.string()
            default:
                try reader.skip(key.wire)
            }
        }
        return result
    }

    /// Reads a sub-message field (its length and its bytes) with `parse`, adding `frame` to the
    /// path of a failure, so that a length running past its message names the field too.
    @inline(__always)
    static func message<T>(_ reader: inout WireReader, _ frame: @autoclosure () -> String,
                           _ parse: (WireReader) throws(WireFailure) -> T) throws(WireFailure) -> T {
        do {
            let range = try reader.lengthDelimited()
            return try parse(reader.message(range))
        } catch {
            throw error.inside(frame())
        }
    }

    /// Runs `body`, adding `frame` to the path of a failure.
    @inline(__always)
    static func within<T>(_ frame: @autoclosure () -> String, _ body: () throws(WireFailure) -> T) throws(WireFailure) -> T {
        do { return try body() } catch { throw error.inside(frame()) }
    }
}
