import Testing
import TissueIR
import TissueONNX

/// Every exported fixture against PyTorch's numbers (`Tests/Fixtures/onnx/onnx.json`).
@Suite("ONNX fixtures")
struct FixtureTests {
    /// Models with operators the IR does not model yet (the squeeze-excitation gate's broadcast
    /// Mul): their totals are conv + linear MACs all the same, and these are the operators left.
    /// Models read with operators counted as zero (none since squeeze-excitation's Mul is
    /// `multiply`).
    static let lowerBounds: [String: Set<String>] = [:]

    @Test func everyFixtureHasAnExpectation() {
        #expect(Fixtures.expectations.count == 30)
    }

    @Test("params and conv + linear MACs equal PyTorch's", arguments: Fixtures.expectations)
    func counts(_ expected: Fixtures.Expectation) throws {
        let result = try Fixtures.read(expected.file)
        let analysis = try Analysis(result.network)
        let uncounted = Set(analysis.uncounted.map(\.name))
        #expect(uncounted == Self.lowerBounds[expected.model] ?? [], "\(expected.file)")
        #expect(analysis.totals.params == expected.params, "\(expected.file)")
        #expect(analysis.totals.macs == expected.macs, "\(expected.file)")
    }

    @Test("folded BatchNorm is reported, kept BatchNorm is not", arguments: Fixtures.expectations)
    func foldedBatchNorm(_ expected: Fixtures.Expectation) throws {
        let notes = try Fixtures.read(expected.file).notes
        let folded = notes.contains { if case .foldedBatchNorm = $0 { true } else { false } }
        let modelHasBatchNorm = !["squeezenet1_0", "lenet-hybrid", "lenet5", "vit_b_16"].contains(expected.model)
        #expect(folded == (modelHasBatchNorm && expected.batchNormNodes == 0), "\(expected.file)")
    }

    /// ViT-B/16 reads as the `.arch` transcription writes it: each `nn.MultiheadAttention` one
    /// `mha` node whose MACs are PyTorch's for the module (in- and out-projections plus the two
    /// products of scaled dot-product attention), the other linears over tokens, the class token
    /// and position embedding, and the class token selected for the head.
    @Test("ViT-B/16's attention is one mha node per module", arguments: ["vit_b_16.bn-kept.onnx", "vit_b_16.bn-folded.onnx"])
    func visionTransformer(_ file: String) throws {
        let oracle = Fixtures.model("vit_b_16")
        let analysis = try Analysis(try Fixtures.read(file).network)
        let attention = analysis.layers.filter { if case .operation(.attention) = $0.kind { true } else { false } }
        #expect(attention.count == oracle["mha_modules"] as? Int)
        let attentionMACs = attention.reduce(0) { $0 + $1.cost.macs }
        #expect(attentionMACs == (oracle["mha_projection_macs"] as? Int ?? 0) + (oracle["attention_matmul_macs"] as? Int ?? 0))
        let linears = analysis.layers.filter { if case .operation(.linear) = $0.kind { true } else { false } }
        // nn.MultiheadAttention's out_proj is one of PyTorch's Linear modules, inside `mha` here.
        #expect(linears.count + attention.count == oracle["linear_modules"] as? Int)
        let kinds = analysis.layers.compactMap { if case .operation(let operation) = $0.kind { operation } else { nil } }
        #expect(kinds.prefix(4) == [.convolution(Convolution(outChannels: 768, kernel: Pair(square: 16), stride: Pair(square: 16), bias: true)),
                                    .tokens, .classToken, .positionEmbedding(positions: nil)])
        #expect(kinds.suffix(3) == [.layerNorm, .selectToken(index: 0), .linear(Linear(outFeatures: 1000))])
        #expect(attention.map(\.path.description).first == "encoder/layers/encoder_layer_0/self_attention")
    }

    @Test func weightsAreSkippedNotDecoded() throws {
        let withWeights = try Fixtures.read("lenet5.with-weights.onnx")
        let stripped = try Fixtures.read("lenet5.stripped.onnx")
        #expect(withWeights.network.graph == stripped.network.graph)
        for tensor in withWeights.model.graph.initializers {
            #expect(tensor.storedBytes == (tensor.elementCount ?? 0) * 4)
            // Only tensors of at most 16 elements (scalars a pattern may need) keep their bytes.
            #expect((tensor.elementCount ?? 0) <= 16 || tensor.payload == .none)
        }
    }

    @Test func externalDataIsMeasuredByShape() throws {
        let external = try Fixtures.read("resnet18.bn-folded.external-data.onnx")
        let inline = try Fixtures.read("resnet18.bn-folded.onnx")
        #expect(external.model.graph.initializers.filter(\.isExternal).count == 24)
        #expect(external.network.graph == inline.network.graph)
    }

    @Test func symbolicBatchIsBoundOrNotNeeded() throws {
        let unbound = try Fixtures.read("resnet18.bn-folded.dynamic-batch.onnx")
        let bound = try Fixtures.read("resnet18.bn-folded.dynamic-batch.onnx", options: ONNXImportOptions(batch: 8))
        let fixed = try Fixtures.read("resnet18.bn-folded.onnx")
        #expect(unbound.network.graph.inputShape == TensorShape([3, 224, 224]))
        #expect(unbound.network.graph == fixed.network.graph)
        #expect(bound.network.graph == fixed.network.graph)
    }

    @Test func aResizedInputIsReadAtItsNewSize() throws {
        let small = try Fixtures.read("resnet18.bn-kept.onnx", options: ONNXImportOptions(inputSize: (112, 112)))
        #expect(small.network.graph.inputShape == TensorShape([3, 112, 112]))
        #expect(try Analysis(small.network).totals.macs < 1_814_073_344 / 3)
    }

    @Test func nodePathsComeFromModuleScopes() throws {
        let paths = try Fixtures.read("resnet18.bn-kept.onnx").network.graph.nodes.map(\.path.description)
        for path in ["conv1", "bn1", "relu", "maxpool", "layer1/layer1.0/conv1", "layer1/layer1.0/relu_1",
                     "layer1/layer1.0/add", "layer2/layer2.0/downsample/downsample.0", "avgpool", "flatten", "fc"] {
            #expect(paths.contains(path), "\(path)")
        }
        #expect(Set(paths).count == paths.count)
    }

    @Test func dynamoPathsComeFromNameScopes() throws {
        let paths = try Fixtures.read("resnet18.dynamo.onnx").network.graph.nodes.map(\.path.description)
        // The fused convolution keeps the scopes of the BatchNorm it replaced.
        for path in ["bn1", "maxpool", "layer1/layer1.0/bn1", "layer2/layer2.0/downsample/downsample.1", "fc"] {
            #expect(paths.contains(path), "\(path)")
        }
        #expect(Set(paths).count == paths.count)
    }

    @Test func splitsAndChunksBecomeStacks() throws {
        let shuffle = try Fixtures.read("shufflenet_v2_x1_0.bn-kept.onnx").network.graph
        let stacks = shuffle.nodes.compactMap(\.stack)
        #expect(stacks.count == 13)
        #expect(stacks.allSatisfy { $0.units.map(\.name) == ["ident", "unit"] })
        #expect(shuffle.nodes.filter { if case .operation(.channelShuffle(groups: 2)) = $0.kind { true } else { false } }.count == 16)
        let stacked = try Fixtures.read("resnet18-stacked-cifar10.bn-kept.onnx").network.graph
        #expect(stacked.nodes.compactMap(\.stack).map(\.units.count) == [32])
    }
}
