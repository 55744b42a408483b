import Testing
import TissueArch
import TissueIR
import TissueNumerics

/// The classifiers of `Examples/zoo/` that have a PyTorch oracle, against what PyTorch, thop, fvcore
/// and ptflops report for the real models:
/// - the torchvision ones (`Tests/Fixtures/oracle/torchvision_cnn.py` → `torchvision_cnn.json`,
///   `models`: `torchvision.models.<name>(weights=None)` at the default input size);
/// - the compact networks torchvision does not ship, MobileNet v1, ShuffleNet v1 (g = 3), Xception and
///   EffNet (`compact.py` → `compact.json`: the PyTorch definitions are in the script), also against
///   torchinfo's totals.
/// Each `.arch` transcribes its PyTorch source, including the operations the model calls as
/// functions (`fn`), so every count must be exact: parameters, the output, the standard MACs, each
/// tool's total and the multiset of layers the tools hook.
@Suite("Oracle: the torchvision and compact zoo")
struct TorchvisionZooTests {
    static let torchvision = try? TorchvisionCNNOracle.load()
    static let compact = try? CompactOracle.load()

    /// Every model of `torchvision_cnn.json`; each is `Examples/zoo/<name>.arch`.
    static let names = [
        "mobilenet_v3_small", "mobilenet_v3_large", "efficientnet_b0", "regnet_y_400mf", "regnet_x_400mf",
        "convnext_tiny", "googlenet", "inception_v3", "densenet121", "mnasnet1_0", "alexnet", "vgg11_bn",
        "wide_resnet50_2", "squeezenet1_0", "shufflenet_v2_x0_5",
    ]

    /// Every model of `compact.json`; each is `Examples/zoo/<name>.arch`.
    static let compactNames = ["mobilenet_v1", "shufflenet_v1_g3", "xception", "effnet_cifar10"]

    /// A zoo file and the fixture that measured its PyTorch definition.
    struct Case: Sendable, CustomStringConvertible {
        enum Fixture: String, Sendable { case torchvision = "torchvision_cnn.json", compact = "compact.json" }
        var fixture: Fixture
        var name: String
        var description: String { name }
    }

    static let cases = names.map { Case(fixture: .torchvision, name: $0) } + compactNames.map { Case(fixture: .compact, name: $0) }

    @Test func everyFixtureModelHasAZooFile() throws {
        let torchvision = try #require(Self.torchvision, "Tests/Fixtures/oracle/torchvision_cnn.json reads")
        #expect(Set(torchvision.models.map(\.name)) == Set(Self.names))
        #expect(torchvision.models.count == Self.names.count)
        let compact = try #require(Self.compact, "Tests/Fixtures/oracle/compact.json reads")
        #expect(Set(compact.models.map(\.name)) == Set(Self.compactNames))
        #expect(compact.models.count == Self.compactNames.count)
    }

    /// The measured model of a case, from its fixture.
    static func measured(_ zoo: Case) throws -> TorchvisionCNNOracle.Measured {
        let models: [TorchvisionCNNOracle.Measured]
        switch zoo.fixture {
        case .torchvision: models = try #require(torchvision, "Tests/Fixtures/oracle/torchvision_cnn.json reads").models
        case .compact: models = try #require(compact, "Tests/Fixtures/oracle/compact.json reads").models
        }
        return try #require(models.first { $0.name == zoo.name }, "\(zoo.name) is in \(zoo.fixture.rawValue)")
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

    @Test("zoo model", arguments: cases)
    func model(_ zoo: Case) throws {
        let name = zoo.name
        let model = try Self.measured(zoo)
        let file = "Examples/zoo/\(name).arch"
        let source = try Repository.text(file)

        let header = Self.header(source)
        switch zoo.fixture {
        case .torchvision:
            #expect(header.contains("torchvision.models.\(name)(weights=None"), "the header names the torchvision function")
            #expect(header.contains("torchvision 0.29.2"), "the header names the torchvision version")
        case .compact:
            #expect(header.contains("() in Tests/Fixtures/oracle/compact.py"), "the header names the PyTorch definition")
            let published = try #require(model.published, "compact.json says where \(name)'s published figures come from")
            let paper = try #require(published.source.firstMatch(of: /arXiv:\d{4}\.\d{5}/), "the published source is a paper")
            #expect(header.contains(String(paper.output)), "the header cites the paper")
            #expect(header.contains("Published: "), "the header gives the published figures")
        }
        #expect(header.contains("Must produce: params \(model.params) "), "the header's parameter count")
        #expect(header.contains("standard MACs \(model.conv_linear_macs) "), "the header's MACs")

        let standard = try Repository.analyze(source, name: file)
        #expect(standard.input.dimensions == model.input)
        #expect(standard.output.dimensions == model.output)
        #expect(standard.totals.params == model.params)
        #expect(standard.totals.macs == model.conv_linear_macs, "standard MACs are conv+linear MACs")
        let layers = try #require(model.layers, "the fixture lists \(name)'s layers")
        #expect(OracleModels.layerKeys(standard.layers) == Self.oracleKeys(layers))

        if zoo.fixture == .compact {
            let expected = try #require(model.torchinfo, "compact.json has torchinfo's totals for \(name)")
            let torchinfo = try Repository.analyze(source, name: file, convention: .torchinfo)
            let memory = try MemoryEstimate(try ArchReader.read(source, defaultName: file), precision: .float32).torchinfo
            let ours = TorchvisionCNNOracle.Torchinfo(
                total_params: torchinfo.totals.params, trainable_params: torchinfo.totals.params,
                total_mult_adds: torchinfo.totals.macs, total_output_bytes: memory.totalOutputBytes,
                total_param_bytes: memory.totalParamBytes, total_input: memory.totalInput)
            #expect(ours == expected, "torchinfo's totals")
        }

        for (convention, value) in [(Convention.thop, model.thop_macs), (.fvcore, model.fvcore_flops), (.ptflops, model.ptflops_macs)] {
            let analysis = try Repository.analyze(source, name: file, convention: convention)
            #expect(analysis.totals.params == model.params, "\(convention.rawValue) params")
            #expect(analysis.totals.macs == value, "\(convention.rawValue) MACs")
            #expect(analysis.totals.flops == 2 * value, "\(convention.rawValue) FLOPs are 2·MACs")
        }
    }
}
