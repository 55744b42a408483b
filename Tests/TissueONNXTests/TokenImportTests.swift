import Testing
import TissueIR
import TissueONNX

/// Small transformer graphs written node by node: what the token operators and the attention
/// pattern become (`Converters+Tokens`, `Importer+Attention`).
@Suite("ONNX tokens and attention")
struct TokenImportTests {
    typealias Node = ModelWriter.Node

    static func operations(_ model: ModelWriter) throws -> [Operation] {
        try ImportTests.read(model).network.graph.nodes.compactMap(\.operation)
    }

    /// A 8×2×2 map as 4 tokens of width 8 (`t`), as torchvision's `_process_input` writes it.
    static func tokens() -> ModelWriter {
        var model = ModelWriter()
        model.inputs = [("x", [.value(1), .value(8), .value(2), .value(2)])]
        model.nodes = [
            Node(op: "Constant", inputs: [], outputs: ["shape"], ints: [("value_ints", [1, 8, 4])]),
            Node(op: "Reshape", inputs: ["x", "shape"], outputs: ["r"]),
            Node(op: "Transpose", inputs: ["r"], outputs: ["t"], ints: [("perm", [0, 2, 1])]),
        ]
        return model
    }

    @Test func theTokenOperatorsOfAVisionTransformer() throws {
        var model = Self.tokens()
        model.initializers = [("cls", [1, 1, 8]), ("pos", [1, 5, 8]), ("g", [8]), ("b", [8]), ("w", [8, 16]), ("bias", [16])]
        model.nodes += [
            Node(op: "Concat", inputs: ["cls", "t"], outputs: ["c"], int: [("axis", 1)]),
            Node(op: "Add", inputs: ["c", "pos"], outputs: ["p"]),
            Node(op: "LayerNormalization", inputs: ["p", "g", "b"], outputs: ["n"], int: [("axis", -1)]),
            Node(op: "MatMul", inputs: ["n", "w"], outputs: ["m"]),
            Node(op: "Add", inputs: ["bias", "m"], outputs: ["mb"]),
            Node(op: "Softmax", inputs: ["mb"], outputs: ["s"], int: [("axis", -1)]),
            Node(op: "Constant", inputs: [], outputs: ["first"], int: [("value_int", 0)]),
            Node(op: "Gather", inputs: ["s", "first"], outputs: ["y"], int: [("axis", 1)]),
        ]
        #expect(try Self.operations(model) == [.tokens, .classToken, .positionEmbedding(positions: nil), .layerNorm,
                                                .linear(Linear(outFeatures: 16)), .softmax, .selectToken(index: 0)])
    }

    @Test func aLayerNormOverSeveralAxesOrWithoutBiasIsOpaque() throws {
        for (axis, inputs) in [(Int64(1), ["t", "g", "b"]), (-1, ["t", "g"])] {
            var model = Self.tokens()
            model.initializers = [("g", [8]), ("b", [8])]
            model.nodes.append(Node(op: "LayerNormalization", inputs: inputs, outputs: ["y"], int: [("axis", axis)]))
            let analysis = try Analysis(try ImportTests.read(model).network)
            #expect(analysis.uncounted.map(\.name) == ["ONNX LayerNormalization"])
        }
    }

    /// Self-attention over 4 tokens of width 8 in 2 heads, written as a hand-made module would
    /// export (packed projection, Split, per-head reshapes): `extra` nodes go after the scaling.
    static func attention(extra: [Node] = [], scores: String = "scaled") -> ModelWriter {
        var model = Self.tokens()
        model.initializers = [("wqkv", [8, 24]), ("bqkv", [24]), ("wo", [8, 8]), ("bo", [8])]
        model.nodes += [
            Node(op: "MatMul", inputs: ["t", "wqkv"], outputs: ["qkv0"]),
            Node(op: "Add", inputs: ["qkv0", "bqkv"], outputs: ["qkv"]),
            Node(op: "Constant", inputs: [], outputs: ["sizes"], ints: [("value_ints", [8, 8, 8])]),
            Node(op: "Split", inputs: ["qkv", "sizes"], outputs: ["q", "k", "v"], int: [("axis", 2)]),
            Node(op: "Constant", inputs: [], outputs: ["heads"], ints: [("value_ints", [1, 4, 2, 4])]),
            Node(op: "Reshape", inputs: ["q", "heads"], outputs: ["qh"]),
            Node(op: "Reshape", inputs: ["k", "heads"], outputs: ["kh"]),
            Node(op: "Reshape", inputs: ["v", "heads"], outputs: ["vh"]),
            Node(op: "Transpose", inputs: ["qh"], outputs: ["qt"], ints: [("perm", [0, 2, 1, 3])]),
            Node(op: "Transpose", inputs: ["kh"], outputs: ["kt"], ints: [("perm", [0, 2, 3, 1])]),
            Node(op: "Transpose", inputs: ["vh"], outputs: ["vt"], ints: [("perm", [0, 2, 1, 3])]),
            Node(op: "MatMul", inputs: ["qt", "kt"], outputs: ["raw"]),
            Node(op: "Constant", inputs: [], outputs: ["scale"], floats: [("value_float", 0.5)]),
            Node(op: "Mul", inputs: ["raw", "scale"], outputs: ["scaled"]),
        ] + extra + [
            Node(op: "Softmax", inputs: [scores], outputs: ["a"], int: [("axis", -1)]),
            Node(op: "MatMul", inputs: ["a", "vt"], outputs: ["ctx"]),
            Node(op: "Transpose", inputs: ["ctx"], outputs: ["ct"], ints: [("perm", [0, 2, 1, 3])]),
            Node(op: "Constant", inputs: [], outputs: ["back"], ints: [("value_ints", [1, 4, 8])]),
            Node(op: "Reshape", inputs: ["ct", "back"], outputs: ["merged"]),
            Node(op: "MatMul", inputs: ["merged", "wo"], outputs: ["o"]),
            Node(op: "Add", inputs: ["o", "bo"], outputs: ["y"]),
        ]
        return model
    }

    @Test func selfAttentionIsOneMhaNode() throws {
        let result = try ImportTests.read(Self.attention())
        #expect(result.notes.isEmpty)
        #expect(result.network.graph.nodes.compactMap(\.operation) == [.tokens, .attention(Attention(heads: 2, variant: .multihead))])
        #expect(result.network.graph.outputShape == TensorShape.tokens([4, 8]))
    }

    /// A learned bias added to the scores (Swin's relative position bias) has parameters `mha`
    /// does not: the region is not attention, and its nodes are read one by one.
    @Test func attentionWithAnotherWeightIsReadNodeByNode() throws {
        var model = Self.attention(extra: [Node(op: "Add", inputs: ["scaled", "relative"], outputs: ["biased"])], scores: "biased")
        model.initializers.append(("relative", [2, 4, 4]))
        let result = try ImportTests.read(model)
        #expect(!result.network.graph.nodes.contains { if case .operation(.attention) = $0.kind { true } else { false } })
        #expect(!result.notes.isEmpty)
    }
}
