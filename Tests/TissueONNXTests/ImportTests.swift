import Testing
import TissueIR
import TissueONNX

/// Small models written field by field: what each construct becomes.
@Suite("ONNX import")
struct ImportTests {
    static func read(_ model: ModelWriter, options: ONNXImportOptions = ONNXImportOptions()) throws -> ONNXReader.Result {
        try ONNXReader.read(model.encoded(), name: "test", options: options)
    }

    static func conv(_ input: String, _ output: String, weight: String, pads: [Int64] = [1, 1, 1, 1],
                     strides: [Int64] = [1, 1]) -> ModelWriter.Node {
        .init(op: "Conv", inputs: [input, weight], outputs: [output], name: "/\(output)/Conv",
              ints: [("pads", pads), ("strides", strides), ("kernel_shape", [3, 3])])
    }

    @Test func anUnsupportedOperatorIsReportedByNameCountAndNode() throws {
        var model = ModelWriter()
        model.initializers = [("w", [4, 3, 3, 3])]
        model.nodes = [
            Self.conv("x", "c", weight: "w"),
            .init(op: "GridSample", inputs: ["c", "c"], outputs: ["g"], name: "/warp/GridSample"),
            .init(op: "Relu", inputs: ["g"], outputs: ["y"], name: "/act/Relu"),
        ]
        model.valueInfo = [("g", [.value(1), .value(4), .value(8), .value(8)])]
        let result = try Self.read(model)
        #expect(result.notes == [.notModelled(operator: "ONNX GridSample", count: 1, nodes: ["/warp/GridSample"])])
        let analysis = try Analysis(result.network)
        #expect(analysis.uncounted.map(\.name) == ["ONNX GridSample"])
        #expect(analysis.totals.macs == 4 * 64 * 27)
    }

    @Test func anUnsupportedOperatorWithoutADeclaredShapeIsALocatedError() throws {
        var model = ModelWriter()
        model.nodes = [.init(op: "GridSample", inputs: ["x", "x"], outputs: ["y"], name: "/warp/GridSample")]
        #expect {
            _ = try Self.read(model)
        } throws: { error in
            guard let error = error as? ONNXError, case .node(let name, "GridSample", .undeclaredShape("y")) = error else { return false }
            return name == "/warp/GridSample"
        }
    }

    @Test func aSubgraphIsRefusedByName() throws {
        var model = ModelWriter()
        model.nodes = [.init(op: "Loop", inputs: ["x"], outputs: ["y"], name: "/loop/Loop", subgraph: true)]
        #expect {
            _ = try Self.read(model)
        } throws: { error in
            guard let error = error as? ONNXError, case .node("/loop/Loop", "Loop", .subgraph) = error else { return false }
            return true
        }
    }

    @Test func anUnboundSymbolicDimensionIsALocatedError() throws {
        var model = ModelWriter()
        model.inputs = [("x", [.symbol("batch"), .value(3), .symbol("height"), .value(8)])]
        model.nodes = [.init(op: "Relu", inputs: ["x"], outputs: ["y"])]
        #expect {
            _ = try Self.read(model)
        } throws: { error in
            (error as? ONNXError) == .unboundDimension(input: "x", axis: 2, symbol: "height")
        }
        let bound = try Self.read(model, options: ONNXImportOptions(inputSize: (16, 8)))
        #expect(bound.network.graph.inputShape == TensorShape([3, 16, 8]))
        let named = try Self.read(model, options: ONNXImportOptions(symbols: ["height": 4]))
        #expect(named.network.graph.inputShape == TensorShape([3, 4, 8]))
    }

    @Test func asymmetricPaddingBecomesTheSymmetricPaddingOfTheSameOutput() throws {
        var model = ModelWriter()
        model.initializers = [("w", [4, 3, 3, 3])]
        // TensorFlow's SAME at stride 2 on 8×8: pads (0, 0, 1, 1) → 4×4, as symmetric 1 gives.
        model.nodes = [Self.conv("x", "y", weight: "w", pads: [0, 0, 1, 1], strides: [2, 2])]
        let graph = try Self.read(model).network.graph
        #expect(graph.outputShape == TensorShape([4, 4, 4]))
        #expect(graph.nodes.last?.operation == .convolution(Convolution(outChannels: 4, kernel: Pair(square: 3),
                                                                       stride: Pair(square: 2), padding: Pair(square: 1), bias: false)))
    }

    @Test func noPadsMeansNoPadding() throws {
        var model = ModelWriter()
        model.initializers = [("w", [4, 3, 3, 3])]
        var node = Self.conv("x", "y", weight: "w", pads: [0, 0, 0, 0], strides: [1, 1])
        node.ints.removeAll { $0.0 == "pads" }
        model.nodes = [node]
        let plain = try Self.read(model).network.graph
        #expect(plain.outputShape == TensorShape([4, 6, 6]))
    }

    @Test func severalInputsAndOutputsAreKept() throws {
        var model = ModelWriter()
        model.inputs = [("a", [.value(1), .value(4), .value(8), .value(8)]), ("b", [.value(1), .value(4), .value(8), .value(8)])]
        model.outputs = [("sum", nil), ("relu", nil)]
        model.nodes = [.init(op: "Add", inputs: ["a", "b"], outputs: ["sum"]), .init(op: "Relu", inputs: ["a"], outputs: ["relu"])]
        let graph = try Self.read(model).network.graph
        #expect(graph.inputs.count == 2)
        #expect(graph.outputs.map(\.name) == ["sum", "relu"])
    }

    @Test func shapeArithmeticFoldsToConstants() throws {
        // Reshape(x, Concat(Gather(Shape(x), 0), [-1])): flatten, with the batch unknown.
        var model = ModelWriter()
        model.inputs = [("x", [.symbol("N"), .value(3), .value(8), .value(8)])]
        model.nodes = [
            .init(op: "Shape", inputs: ["x"], outputs: ["s"]),
            .init(op: "Constant", inputs: [], outputs: ["zero"], ints: [("value_ints", [0])]),
            .init(op: "Gather", inputs: ["s", "zero"], outputs: ["n"]),
            .init(op: "Constant", inputs: [], outputs: ["minus"], ints: [("value_ints", [-1])]),
            .init(op: "Concat", inputs: ["n", "minus"], outputs: ["shape"], int: [("axis", 0)]),
            .init(op: "Reshape", inputs: ["x", "shape"], outputs: ["y"]),
        ]
        #expect {
            _ = try Self.read(model)
        } throws: { error in
            guard let error = error as? ONNXError, case .node(_, "Reshape", .needsSymbol) = error else { return false }
            return true
        }
        let bound = try Self.read(model, options: ONNXImportOptions(batch: 2))
        #expect(bound.network.graph.nodes.last?.operation == .flatten)
        #expect(bound.network.graph.outputShape == TensorShape([192]))
    }

    @Test func clipBetweenZeroAndSixIsRelu6() throws {
        var model = ModelWriter()
        model.opset = 9
        model.nodes = [.init(op: "Clip", inputs: ["x"], outputs: ["y"], floats: [("min", 0), ("max", 6)])]
        #expect(try Self.read(model).network.graph.nodes.last?.operation == .activation(.relu6))
    }
}
