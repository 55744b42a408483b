import Testing
import TissueIR

/// The operations of today's CNNs (squeeze-excitation, layer scale, layer and group norm,
/// adaptive pools, `mean`, stochastic depth, and the function-call forms) against what PyTorch,
/// thop, fvcore and ptflops report for the same single operation
/// (`Tests/Fixtures/oracle/torchvision_cnn.py` → `torchvision_cnn.json`, `ops`).
@Suite("Oracle: the operations of today's CNNs")
struct ModernOperationOracleTests {
    static let fixture = try? TorchvisionCNNOracle.load()

    /// Each PyTorch case and the `.arch` body that says the same (the input comes from the case).
    static let programs: [(String, String)] = [
        ("se-default", "scale { gap; conv 8 k=1; relu; conv 16 k=1; sigmoid }"),
        ("se-default-even", "scale { gap; conv 4 k=1; relu; conv 16 k=1; sigmoid }"),
        ("se-mobilenetv3", "scale { gap; conv 8 k=1; relu; conv 16 k=1; hsigmoid }"),
        ("se-efficientnet", "scale { gap; conv 4 k=1; silu; conv 16 k=1; sigmoid }"),
        ("mul-same", "scale { }"),
        ("add-same", "residual { }"),
        ("add-broadcast", "residual { mean keepdim=true }"),
        ("mul-broadcast", "scale { mean keepdim=true }"),
        ("layer-scale", "layerscale"),
        ("layernorm2d", "layernorm fn"),
        ("layernorm-permuted", "layernorm"),
        ("cnblock", "residual { dwconv k=7 p=3; layernorm; conv 64 k=1; gelu; conv 16 k=1; layerscale; droppath }"),
        ("groupnorm-g1", "groupnorm g=1"),
        ("groupnorm-g2", "groupnorm g=2"),
        ("groupnorm-g4", "groupnorm g=4"),
        ("groupnorm-g8", "groupnorm g=8"),
        ("groupnorm-g4-c16", "groupnorm g=4"),
        ("adaptiveavgpool-1-4x8x8", "gap"),
        ("adaptiveavgpool-2-4x8x8", "adaptiveavgpool k=2"),
        ("adaptiveavgpool-3-4x8x8", "adaptiveavgpool k=3"),
        ("adaptiveavgpool-7-4x8x8", "adaptiveavgpool k=7"),
        ("adaptiveavgpool-7-4x7x7", "adaptiveavgpool k=7"),
        ("adaptiveavgpool-7-4x13x13", "adaptiveavgpool k=7"),
        ("adaptiveavgpool-7-3x13x13", "adaptiveavgpool k=7"),
        ("adaptiveavgpool-7-16x13x13", "adaptiveavgpool k=7"),
        ("adaptiveavgpool-7-4x14x14", "adaptiveavgpool k=7"),
        ("adaptiveavgpool-4-4x6x6", "adaptiveavgpool k=4"),
        ("adaptiveavgpool-4-5x6x6", "adaptiveavgpool k=4"),
        ("adaptiveavgpool-3-4x9x9", "adaptiveavgpool k=3"),
        ("adaptiveavgpool-2-4x5x5", "adaptiveavgpool k=2"),
        ("adaptiveavgpool-7-4x5x5", "adaptiveavgpool k=7"),
        ("adaptiveavgpool-3x2-4x10x7", "adaptiveavgpool k=3x2"),
        ("adaptiveavgpool-1-4x7x7", "adaptiveavgpool k=1"),
        ("adaptiveavgpool-6-256x13x13", "adaptiveavgpool k=6"),
        ("adaptiveavgpool-7-512x7x7", "adaptiveavgpool k=7"),
        ("f-adaptiveavgpool-1", "gap fn"),
        ("f-adaptiveavgpool-1x1", "adaptiveavgpool k=1 fn"),
        ("f-adaptiveavgpool-7-13x13", "adaptiveavgpool k=7 fn"),
        ("mean-hw", "mean"),
        ("mean-hw-keepdim", "mean keepdim=true"),
        ("stochasticdepth-row", "droppath"),
        ("stochasticdepth-batch", "droppath 0.2"),
        ("f-relu", "relu fn"),
        ("f-relu-inplace", "relu fn"),
        ("relu-module-inplace", "relu"),
        ("f-relu6", "relu6 fn"),
        ("f-maxpool-3s2", "maxpool k=3 s=2 fn"),
        ("f-maxpool-2", "maxpool k=2 fn"),
        ("f-maxpool-pad", "maxpool k=3 s=2 p=1 fn"),
        ("f-maxpool-ceil", "maxpool k=3 s=2 ceil=true fn"),
        ("maxpool-module-ceil-s1", "maxpool k=3 s=1 p=1 ceil=true"),
        ("f-avgpool-3s1p1", "avgpool k=3 s=1 p=1 fn"),
        ("f-avgpool-2", "avgpool k=2 fn"),
        ("f-avgpool-ceil", "avgpool k=3 s=2 ceil=true fn"),
        ("f-avgpool-pad-ceil", "avgpool k=3 s=2 p=1 ceil=true fn"),
        ("f-avgpool-5s3", "avgpool k=5 s=3 fn"),
        ("avgpool-module-2", "avgpool k=2"),
        ("f-dropout-eval", "dropout fn"),
        ("dropout-module-inplace", "dropout"),
        ("f-linear", "linear 5 fn"),
        ("f-linear-nobias", "linear 5 bias=false fn"),
        ("f-conv2d", "conv 8 k=3 s=2 p=1 fn"),
        ("f-conv2d-nobias", "conv 8 k=1 bias=false fn"),
        ("f-conv2d-depthwise", "dwconv k=3 p=1 fn"),
        ("conv-depthwise-7x7", "dwconv k=7 p=3"),
        ("f-hardswish", "hswish fn"),
        ("hardswish-module-inplace", "hswish"),
        ("f-hardsigmoid", "hsigmoid fn"),
        ("f-silu", "silu fn"),
        ("silu-module-inplace", "silu"),
        ("f-sigmoid", "sigmoid fn"),
        ("f-gelu", "gelu fn"),
        ("torch-flatten", "flatten fn"),
        ("torch-cat", "concat { } { }"),
    ]

    @Test("every program names a case") func everyProgramNamesACase() throws {
        let fixture = try #require(Self.fixture, "Tests/Fixtures/oracle/torchvision_cnn.json reads")
        let names = Set(fixture.ops.map(\.name))
        for (name, _) in Self.programs { #expect(names.contains(name), "\(name)") }
        #expect(Self.programs.count >= 70)
    }

    @Test("single operations", arguments: programs)
    func operation(_ name: String, _ body: String) throws {
        let fixture = try #require(Self.fixture)
        let c = try #require(fixture.ops.first { $0.name == name })
        let source = "input \(c.input.map(String.init).joined(separator: "x"))\n\(body)\n"
        let expected = [(Convention.thop, c.thop_macs), (.fvcore, c.fvcore_flops), (.ptflops, c.ptflops_macs)]
        let standard = try Repository.analyze(source, name: name)
        #expect(standard.totals.params == c.params, "params")
        #expect(standard.output.dimensions == c.output, "output")
        #expect(standard.totals.macs == c.conv_linear_macs || body.contains(" fn"), "standard MACs")
        for (convention, value) in expected {
            let analysis = try Repository.analyze(source, name: name, convention: convention)
            #expect(analysis.totals.macs == value, "\(convention)")
        }
    }
}
