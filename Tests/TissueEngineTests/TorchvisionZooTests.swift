import Testing
import TissueIR

/// The torchvision classifiers of `Examples/zoo/` against what PyTorch, thop, fvcore and ptflops
/// report for the real models (`Tests/Fixtures/oracle/torchvision_cnn.py` →
/// `torchvision_cnn.json`, `models`: `torchvision.models.<name>(weights=None)` at the default
/// input size). Each `.arch` transcribes the torchvision source, including the operations the
/// model calls as functions (`fn`), so every count must be exact: parameters, the output, the
/// standard MACs, each tool's total and the multiset of layers the tools hook.
@Suite("Oracle: the torchvision zoo")
struct TorchvisionZooTests {
    static let fixture = try? TorchvisionCNNOracle.load()

    /// Every model of the fixture; each is `Examples/zoo/<name>.arch`.
    static let names = [
        "mobilenet_v3_small", "mobilenet_v3_large", "efficientnet_b0", "regnet_y_400mf", "regnet_x_400mf",
        "convnext_tiny", "googlenet", "inception_v3", "densenet121", "mnasnet1_0", "alexnet", "vgg11_bn",
        "wide_resnet50_2", "squeezenet1_0", "shufflenet_v2_x0_5",
    ]

    @Test func everyFixtureModelHasAZooFile() throws {
        let fixture = try #require(Self.fixture, "Tests/Fixtures/oracle/torchvision_cnn.json reads")
        #expect(Set(fixture.models.map(\.name)) == Set(Self.names))
        #expect(fixture.models.count == Self.names.count)
    }


    /// The fixture's layers as keys. ConvNeXt's CNBlock applies `nn.LayerNorm` and `nn.Linear` to
    /// a channels-last H×W×C tensor; the `.arch` writes them on the C×H×W map, the linear as the
    /// 1×1 convolution it is at each position (same parameters, same counts under every tool). So
    /// an H×W×C output is read as C×H×W, and such a linear as a convolution.
    static func oracleKeys(_ layers: [OracleModels.Layer]) -> [String] {
        layers.map { layer in
            guard layer.output.count == 3, layer.op == "linear" || layer.op == "layernorm" else { return layer.key }
            let (h, w, c) = (layer.output[0], layer.output[1], layer.output[2])
            return OracleModels.Layer(op: layer.op == "linear" ? "conv" : layer.op, output: [c, h, w], params: layer.params).key
        }.sorted()
    }

    /// The leading comment of a file, its lines joined with single spaces.
    static func header(_ source: String) -> String {
        source.split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { $0.hasPrefix("#") }
            .map { $0.dropFirst().trimmingPrefix(" ") }
            .joined(separator: " ")
    }

    @Test("zoo model", arguments: names)
    func model(_ name: String) throws {
        let fixture = try #require(Self.fixture, "Tests/Fixtures/oracle/torchvision_cnn.json reads")
        let model = try #require(fixture.models.first { $0.name == name }, "\(name) is in the fixture")
        let file = "Examples/zoo/\(name).arch"
        let source = try Repository.text(file)

        let header = Self.header(source)
        #expect(header.contains("torchvision.models.\(name)(weights=None"), "the header names the torchvision function")
        #expect(header.contains("torchvision 0.29.2"), "the header names the torchvision version")
        #expect(header.contains("Must produce: params \(model.params) "), "the header's parameter count")
        #expect(header.contains("standard MACs \(model.conv_linear_macs) "), "the header's MACs")

        let standard = try Repository.analyze(source, name: file)
        #expect(standard.input.dimensions == model.input)
        #expect(standard.output.dimensions == model.output)
        #expect(standard.totals.params == model.params)
        #expect(standard.totals.macs == model.conv_linear_macs, "standard MACs are conv+linear MACs")
        let layers = try #require(model.layers, "the fixture lists \(name)'s layers")
        #expect(OracleModels.layerKeys(standard.layers) == Self.oracleKeys(layers))

        for (convention, value) in [(Convention.thop, model.thop_macs), (.fvcore, model.fvcore_flops), (.ptflops, model.ptflops_macs)] {
            let analysis = try Repository.analyze(source, name: file, convention: convention)
            #expect(analysis.totals.params == model.params, "\(convention.rawValue) params")
            #expect(analysis.totals.macs == value, "\(convention.rawValue) MACs")
            #expect(analysis.totals.flops == 2 * value, "\(convention.rawValue) FLOPs are 2·MACs")
        }
    }
}
