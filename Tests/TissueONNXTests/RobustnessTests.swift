import Testing
import TissueIR
import TissueONNX

/// Truncated, bit-flipped, oversized and deeply nested files end in a located error or a valid
/// network, never a crash or a hang.
@Suite("ONNX robustness")
struct RobustnessTests {
    enum Mutation: CustomStringConvertible, Sendable {
        case truncate(Int)
        case flip(byte: Int, bit: Int)
        case hugeLength(at: Int)
        case overlongVarint
        case wireType(Int)
        case deepNesting(Int)
        case emptyFile
        case textFile

        var description: String {
            switch self {
            case .truncate(let count): "truncated to \(count) bytes"
            case .flip(let byte, let bit): "bit \(bit) of byte \(byte) flipped"
            case .hugeLength(let offset): "a length of 2^62 at byte \(offset)"
            case .overlongVarint: "an 11-byte varint"
            case .wireType(let type): "wire type \(type)"
            case .deepNesting(let depth): "\(depth) nested messages"
            case .emptyFile: "an empty file"
            case .textFile: "an .arch text"
            }
        }

        func apply(to original: [UInt8]) -> [UInt8] {
            var bytes = original
            switch self {
            case .truncate(let count):
                return Array(bytes.prefix(count))
            case .flip(let byte, let bit):
                bytes[byte % bytes.count] ^= UInt8(1 << bit)
                return bytes
            case .hugeLength(let offset):
                // ModelProto.graph's key is followed by its length: make it 2^62.
                let graphKey = bytes.firstIndex(of: 0x3A) ?? offset
                return Array(bytes[...graphKey]) + [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40] + Array(bytes[(graphKey + 2)...])
            case .overlongVarint:
                return [0x08] + Array(repeating: 0xFF, count: 10) + [0x01]
            case .wireType(let type):
                return [UInt8(1 << 3 | type), 0, 0, 0]
            case .deepNesting(let depth):
                // An unknown field (99) holding itself `depth` times, then nothing: skipped, not descended.
                var inner: [UInt8] = []
                for _ in 0..<depth {
                    var writer = ProtobufWriter()
                    writer.bytes(99, inner)
                    inner = writer.bytes
                }
                return inner + original
            case .emptyFile:
                return []
            case .textFile:
                return Array("model m\ninput 3x32x32\nconv 16 k=3\n".utf8)
            }
        }
    }

    static let original = (try? Fixtures.bytes("resnet18.bn-kept.onnx")) ?? []

    static let mutations: [Mutation] = {
        // Reproducible positions: multiples of two primes, spread over the file.
        let count = max(original.count, 1)
        var list: [Mutation] = [.hugeLength(at: 0), .overlongVarint, .wireType(6), .wireType(7), .wireType(3),
                                .deepNesting(10_000), .emptyFile, .textFile]
        for count in [1, 2, 3, 5, 8, 13, 21, 100, 1_000, 5_000, 10_000, 15_000, 20_000, original.count - 1] {
            list.append(.truncate(count))
        }
        for k in 1...12 { list.append(.truncate(k * 7_919 % count)) }
        for k in 1...40 { list.append(.flip(byte: k * 104_729 % count, bit: k % 8)) }
        return list
    }()

    @Test func thereAreAtLeastTwentyMutations() {
        #expect(Self.mutations.count >= 20)
    }

    @Test("a mutated export is a located error or a network", arguments: mutations)
    func mutated(_ mutation: Mutation) throws {
        let bytes = mutation.apply(to: Self.original)
        do {
            let result = try ONNXReader.read(bytes, name: "mutated")
            _ = try? Analysis(result.network)
        } catch {
            #expect(!error.description.isEmpty)
            if case .malformed(let offset, _, _) = error {
                #expect(offset >= 0 && offset <= bytes.count)
            }
        }
    }

    @Test func truncationNamesTheByteAndTheField() throws {
        let bytes = Array(Self.original.prefix(Self.original.count / 2))
        #expect {
            _ = try ONNXReader.read(bytes, name: "cut")
        } throws: { error in
            guard let error = error as? ONNXError, case .malformed(let offset, let path, _) = error else { return false }
            return offset > 0 && path.first == "ModelProto.graph" && error.description.hasPrefix("at byte \(offset) (ModelProto.graph")
        }
    }

    @Test func aHugeDeclaredLengthIsRefusedBeforeAnythingIsRead() throws {
        let bytes = Mutation.hugeLength(at: 0).apply(to: Self.original)
        #expect {
            _ = try ONNXReader.parse(bytes)
        } throws: { error in
            guard let error = error as? ONNXError, case .malformed(_, _, .lengthBeyondEnd) = error else { return false }
            return true
        }
    }

    /// Work stays linear in the nodes: 20,000 nodes of one name, and 4,000 channel slices each read
    /// before the next is made (the tests would not finish if either were quadratic).
    @Test func manyNodesOfOneNameAndManySlicesReadInLinearTime() throws {
        var model = ModelWriter()
        model.inputs = [("x", [.value(1), .value(4_000), .value(2), .value(2)])]
        var nodes: [ModelWriter.Node] = []
        var last = "x"
        for index in 0..<20_000 {
            nodes.append(.init(op: "Relu", inputs: [last], outputs: ["r\(index)"], name: "/block/Relu"))
            last = "r\(index)"
        }
        var pieces: [String] = []
        for index in 0..<4_000 {
            nodes.append(.init(op: "Constant", inputs: [], outputs: ["s\(index)"], ints: [("value_ints", [Int64(index)])]))
            nodes.append(.init(op: "Constant", inputs: [], outputs: ["e\(index)"], ints: [("value_ints", [Int64(index + 1)])]))
            nodes.append(.init(op: "Constant", inputs: [], outputs: ["a\(index)"], ints: [("value_ints", [1])]))
            nodes.append(.init(op: "Slice", inputs: [last, "s\(index)", "e\(index)", "a\(index)"], outputs: ["p\(index)"]))
            nodes.append(.init(op: "Relu", inputs: ["p\(index)"], outputs: ["q\(index)"]))
            pieces.append("q\(index)")
        }
        nodes.append(.init(op: "Concat", inputs: pieces, outputs: ["y"], int: [("axis", 1)]))
        model.nodes = nodes
        let result = try ONNXReader.read(model.encoded(), name: "large")
        let paths = result.network.graph.nodes.map(\.path.description)
        #expect(Set(paths).count == paths.count)
        #expect(result.network.graph.outputShape == TensorShape([4_000, 2, 2]))
    }

    @Test func negativeInt64sAreTenByteVarints() throws {
        var writer = ProtobufWriter()
        writer.int(1, -1)
        #expect(writer.bytes.count == 11)
        var model = ModelWriter()
        model.nodes = [.init(op: "Softmax", inputs: ["f"], outputs: ["y"], int: [("axis", -1)]),
                       .init(op: "Flatten", inputs: ["x"], outputs: ["f"])]
        model.nodes.swapAt(0, 1)
        let result = try ONNXReader.read(model.encoded(), name: "softmax")
        #expect(result.model.graph.nodes[1].attribute("axis")?.int == -1)
        #expect(result.network.graph.nodes.last?.operation == .softmax)
    }
}
