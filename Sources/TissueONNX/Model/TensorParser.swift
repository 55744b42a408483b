/// Parses TensorProto (`onnx.proto` line 608) and ValueInfoProto with its TypeProto (lines 205,
/// 835–870). A tensor's data is measured, not decoded: only a small tensor keeps its bytes (an
/// integer tensor of at most ``integerPayloadLimit`` bytes — shape constants — or, where asked,
/// a floating-point one of at most ``realPayloadElements`` elements — scalars such as Clip's
/// bounds), so weights cost the time it takes to skip over them.
enum TensorParser {
    static let integerPayloadLimit = 1 << 16
    static let realPayloadElements = 16
    /// Elements written one key each that are kept (a longer list is measured, not kept).
    static let unpackedLimit = 1 << 13

    static func tensor(_ reader: WireReader, keepsFloats: Bool) throws(WireFailure) -> ONNXTensor {
        var reader = reader
        var tensor = ONNXTensor()
        var raw: Range<Int>?
        var integers: [Int64] = []
        var reals: [Float] = []
        var doubles: [Double] = []
        // Typed data is decoded only while it stays small; past that it is measured.
        func small(_ range: Range<Int>) -> Bool { range.count <= integerPayloadLimit }
        while let key = try reader.nextField() {
            switch key.number {
            case 1:
                try ModelParser.within("TensorProto.dims") { () throws(WireFailure) in try reader.int64s(key.wire, into: &tensor.dims) }
                if let last = tensor.dims.last, last < 0 {
                    throw WireFailure(offset: key.offset, problem: .invalidValue("a dimension is \(last)")).inside("TensorProto.dims")
                }
            case 2:
                try reader.expect(key, .varint)
                tensor.dataType = Int32(truncatingIfNeeded: try reader.int64())
            case 4, 5, 7, 10, 11:
                let field = [4: "float_data", 5: "int32_data", 7: "int64_data", 10: "double_data", 11: "uint64_data"][key.number] ?? ""
                try ModelParser.within("TensorProto.\(field)") { () throws(WireFailure) in
                    if key.wire == .lengthDelimited {
                        let range = try reader.lengthDelimited()
                        tensor.storedBytes += range.count
                        guard small(range) else { return }
                        var packed = reader.message(range)
                        while !packed.isAtEnd {
                            switch key.number {
                            case 4: reals.append(Float(bitPattern: try packed.fixed32()))
                            case 10: doubles.append(Double(bitPattern: try packed.fixed64()))
                            case 5: integers.append(Int64(Int32(truncatingIfNeeded: try packed.int64())))
                            default: integers.append(try packed.int64())
                            }
                        }
                    } else {
                        // One key per element: kept while small, then only measured.
                        let start = reader.offset
                        let keeps = reals.count + doubles.count + integers.count < unpackedLimit
                        switch key.number {
                        case 4:
                            try reader.expect(key, .fixed32)
                            let value = Float(bitPattern: try reader.fixed32())
                            if keeps { reals.append(value) }
                        case 10:
                            try reader.expect(key, .fixed64)
                            let value = Double(bitPattern: try reader.fixed64())
                            if keeps { doubles.append(value) }
                        case 5:
                            try reader.expect(key, .varint)
                            let value = Int64(Int32(truncatingIfNeeded: try reader.int64()))
                            if keeps { integers.append(value) }
                        default:
                            try reader.expect(key, .varint)
                            let value = try reader.int64()
                            if keeps { integers.append(value) }
                        }
                        tensor.storedBytes += reader.offset - start
                    }
                }
            case 8:
                try reader.expect(key, .lengthDelimited)
                tensor.name = try ModelParser.within("TensorProto.name") { () throws(WireFailure) in try reader.string() }
            case 9:
                try reader.expect(key, .lengthDelimited)
                let range = try ModelParser.within("TensorProto.raw_data") { () throws(WireFailure) in try reader.lengthDelimited() }
                tensor.storedBytes += range.count
                raw = range
            case 13:
                try reader.skip(key.wire)
                tensor.isExternal = true
            case 14:
                try reader.expect(key, .varint)
                if try reader.int64() == 1 { tensor.isExternal = true }
            default:
                try reader.skip(key.wire)
            }
        }
        let floating = ONNXDataType.isFloatingPoint(tensor.dataType)
        let keeps = floating ? keepsFloats && (tensor.elementCount ?? .max) <= realPayloadElements : true
        guard keeps else { return tensor }
        if let raw, small(raw) {
            tensor.payload = .raw(Array(UnsafeRawBufferPointer(rebasing: reader.bytes[raw])))
        } else if !integers.isEmpty {
            tensor.payload = .integers(integers)
        } else if !reals.isEmpty {
            tensor.payload = .reals(reals.map(Double.init))
        } else if !doubles.isEmpty {
            tensor.payload = .reals(doubles)
        }
        return tensor
    }

    /// ValueInfoProto: 1 `name`, 2 `type`. Only `TypeProto.tensor_type` (1) is read; sequences,
    /// maps and optionals keep a nil shape.
    static func valueInfo(_ reader: WireReader) throws(WireFailure) -> ONNXValueInfo {
        var reader = reader
        var info = ONNXValueInfo()
        while let key = try reader.nextField() {
            switch key.number {
            case 1:
                try reader.expect(key, .lengthDelimited)
                info.name = try ModelParser.within("ValueInfoProto.name") { () throws(WireFailure) in try reader.string() }
            case 2:
                try reader.expect(key, .lengthDelimited)
                let range = try reader.lengthDelimited()
                try ModelParser.within("ValueInfoProto.type") { () throws(WireFailure) in
                    var type = reader.message(range)
                    while let field = try type.nextField() {
                        guard field.number == 1 else { try type.skip(field.wire); continue }
                        try type.expect(field, .lengthDelimited)
                        let tensorRange = try type.lengthDelimited()
                        try ModelParser.within("TypeProto.tensor_type") { () throws(WireFailure) in
                            try tensorType(reader.message(tensorRange), into: &info)
                        }
                    }
                }
            default:
                try reader.skip(key.wire)
            }
        }
        return info
    }

    /// TypeProto.Tensor: 1 `elem_type`, 2 `shape` (TensorShapeProto: 1 `dim`, each a Dimension
    /// of 1 `dim_value` or 2 `dim_param`).
    static func tensorType(_ reader: WireReader, into info: inout ONNXValueInfo) throws(WireFailure) {
        var reader = reader
        while let key = try reader.nextField() {
            switch key.number {
            case 1:
                try reader.expect(key, .varint)
                info.elementType = Int32(truncatingIfNeeded: try reader.int64())
            case 2:
                try reader.expect(key, .lengthDelimited)
                var shape = reader.message(try reader.lengthDelimited())
                var dims: [ONNXValueInfo.Dimension] = []
                while let field = try shape.nextField() {
                    guard field.number == 1 else { try shape.skip(field.wire); continue }
                    try shape.expect(field, .lengthDelimited)
                    let range = try shape.lengthDelimited()
                    dims.append(try ModelParser.within("TensorShapeProto.dim[\(dims.count)]") { () throws(WireFailure) in
                        try dimension(reader.message(range))
                    })
                }
                info.shape = dims
            default:
                try reader.skip(key.wire)
            }
        }
    }

    static func dimension(_ reader: WireReader) throws(WireFailure) -> ONNXValueInfo.Dimension {
        var reader = reader
        var result = ONNXValueInfo.Dimension.unknown
        while let key = try reader.nextField() {
            switch key.number {
            case 1:
                try reader.expect(key, .varint)
                let value = try reader.int64()
                guard value >= 0 else {
                    throw WireFailure(offset: key.offset, problem: .invalidValue("a dimension is \(value)")).inside("Dimension.dim_value")
                }
                result = .value(value)
            case 2:
                try reader.expect(key, .lengthDelimited)
                result = .symbol(try reader.string())
            default:
                try reader.skip(key.wire)
            }
        }
        return result
    }
}
