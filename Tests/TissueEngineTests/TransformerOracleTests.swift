import Foundation
import Testing
import TissueIR

/// Tokens and attention against what PyTorch, thop, fvcore and ptflops report for the same model
/// or single operation (`Tests/Fixtures/oracle/transformers.py` → `transformers.json`).
@Suite("Oracle: transformers")
struct TransformerOracleTests {
    static let fixture = try? TransformerOracle.load()

    /// Each PyTorch case and the `.arch` text that says the same (after `input`, from the case).
    /// Left out, with the reason in docs/conventions.md: `layernorm-noaffine` (no affine-free
    /// norm in the language), `matmul-operator` and `einsum` (ptflops counts `torch.matmul`, which
    /// `matmul` stands for, but not `@` or `einsum`), `scale-operator`/`scale-method` (a scalar
    /// multiply is not an operation), `roll` and `sdpa` alone (parts of `windowattention` and
    /// `attention sdpa=true`).
    static let programs: [(String, String)] = [
        ("layernorm", "layernorm"),
        ("layernorm-4d", "channelslast; layernorm"),
        ("mha", "mha heads=4"),
        ("mha-need-weights", "mha heads=4"),
        ("mha-nobias", "mha heads=4 bias=false"),
        ("mha-odd-heads", "mha heads=3"),
        ("matmul", "matmul { } { transpose }"),
        ("matmul-heads", "channelslast; matmul { } { transpose }"),
        ("matmul-method", "matmul { } { transpose }"),
        ("bmm", "matmul { } { transpose }"),
        ("softmax-functional", "softmax fn"),
        ("softmax-module", "softmax"),
        ("softmax-heads", "channelslast; softmax fn"),
        ("embedding", "embedding 100 d=16"),
        ("linear-rank3", "linear 32"),
        ("linear-rank3-nobias", "linear 32 bias=false"),
        ("linear-rank4", "channelslast; linear 32"),
        ("patchify", "conv 32 k=4 s=4; tokens"),
        ("class-token", "classtoken"),
        ("pos-embedding", "posembed"),
        ("cat-tokens", "concat tokens { linear 16 } { linear 16 }"),
        ("select-token", "select"),
        ("gelu-functional", "gelu fn"),
        ("gelu-module", "gelu"),
        ("gelu-tanh-module", "gelu"),
        ("permute-reshape", "tokens"),
        ("swin-attention", "channelslast; windowattention heads=2 window=4"),
        ("swin-attention-shifted", "channelslast; windowattention heads=2 window=4 shift=2"),
        ("swin-attention-padded", "channelslast; windowattention heads=2 window=4 shift=2"),
        ("swin-patch-merging", "channelslast; patchmerge; layernorm; linear 64 bias=false"),
        ("vit-encoder-block", """
            residual { layernorm; mha heads=4; dropout }
            residual { layernorm; linear 64; gelu; dropout; linear 32; dropout }
            """),
        ("gpt-attention", "attention heads=2 causal=true"),
        ("gpt-attention-sdpa", "attention heads=2 causal=true sdpa=true"),
        ("gpt-block", """
            residual { layernorm; attention heads=2 causal=true; dropout }
            residual { layernorm; linear 128; gelu; linear 32; dropout }
            """),
    ]

    /// The `.arch` input for a PyTorch shape: channels-last cases start from the channels-first
    /// map that `channelslast` turns into it.
    static func input(for shape: [Int], _ body: String) -> String {
        let dims = body.hasPrefix("channelslast") ? [shape[2], shape[0], shape[1]] : shape
        return "input " + dims.map(String.init).joined(separator: "x")
    }

    @Test("every program names a case") func everyProgramNamesACase() throws {
        let fixture = try #require(Self.fixture, "Tests/Fixtures/oracle/transformers.json reads")
        let names = Set(fixture.ops.map(\.name))
        for (name, _) in Self.programs { #expect(names.contains(name), "\(name)") }
    }

    @Test("single operations", arguments: programs)
    func operation(_ name: String, _ body: String) throws {
        let fixture = try #require(Self.fixture)
        let c = try #require(fixture.ops.first { $0.name == name })
        let source = Self.input(for: c.input, body) + "\n" + body + "\n"
        try Self.check(source, name: name, against: c)
    }

    @Test("models", arguments: [("vit_b_16", "vit_b_16"), ("swin_t", "swin_t"), ("gpt2_small", "gpt2-small"), ("gpt_tiny", "gpt-tiny")])
    func model(_ file: String, _ name: String) throws {
        let fixture = try #require(Self.fixture)
        let m = try #require(fixture.models.first { $0.name == name })
        try Self.check(try Repository.text("Examples/zoo/\(file).arch"), name: file, against: m)
    }

    /// The GPT-2-small file on fewer tokens (its input changed) against the same model measured on
    /// 128 and on 1 token.
    @Test("the decoder on shorter sequences", arguments: [("gpt2-small-t128", 128), ("gpt2-small-t1", 1)])
    func shorterSequences(_ name: String, _ tokens: Int) throws {
        let fixture = try #require(Self.fixture)
        let m = try #require(fixture.models.first { $0.name == name })
        let text = try Repository.text("Examples/zoo/gpt2_small.arch").replacingOccurrences(of: "input 1024", with: "input \(tokens)")
        try Self.check(text, name: name, against: m)
    }

    static func check(_ source: String, name: String, against c: TransformerOracle.Measured,
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let standard = try Repository.analyze(source, name: name)
        #expect(standard.totals.params == c.params, "params", sourceLocation: sourceLocation)
        #expect(standard.output.dimensions == c.output, "output", sourceLocation: sourceLocation)
        #expect(standard.totals.macs == c.standardMACs, "standard MACs", sourceLocation: sourceLocation)
        for (convention, value) in [(Convention.thop, c.thop_macs), (.fvcore, c.fvcore_flops), (.ptflops, c.ptflops_macs)] {
            let analysis = try Repository.analyze(source, name: name, convention: convention)
            #expect(analysis.totals.macs == value, "\(convention)", sourceLocation: sourceLocation)
        }
    }
}
