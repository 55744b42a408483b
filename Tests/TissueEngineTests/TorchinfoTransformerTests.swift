import Foundation
import Testing
import TissueArch
import TissueIR
import TissueNumerics

/// The `torchinfo` convention and ``MemoryEstimate`` on transformers against what torchinfo 1.8
/// reported for the models and operations of `transformers.py`
/// (`Tests/Fixtures/oracle/torchinfo_transformers.py` → `torchinfo_transformers.json`): the five
/// integer fields of `ModelStatistics`.
@Suite("Oracle: torchinfo on transformers")
struct TorchinfoTransformerTests {
    struct Fixture: Decodable {
        var tools: [String: String]
        var models: [Entry]
        var ops: [Entry]
    }

    /// A case: its name, input and torchinfo's fields (the same record as `compact.json`'s).
    struct Entry: Decodable {
        var name: String
        var input: [Int]
        var torchinfo: TorchvisionCNNOracle.Torchinfo

        enum CodingKeys: String, CodingKey { case name, input }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            input = try container.decode([Int].self, forKey: .input)
            torchinfo = try TorchvisionCNNOracle.Torchinfo(from: decoder)
        }
    }

    static let fixture: Fixture? = try? JSONDecoder().decode(
        Fixture.self, from: Data(contentsOf: Repository.url("Tests/Fixtures/oracle/torchinfo_transformers.json")))

    /// The `.arch` source of each recorded model: the zoo files, the GPT-style one with the
    /// scaled-dot-product kernel, and GPT-2 small on 128 tokens.
    static func source(of model: String) throws -> String {
        switch model {
        case "vit_b_16": return try Repository.text("Examples/zoo/vit_b_16.arch")
        case "swin_t": return try Repository.text("Examples/zoo/swin_t.arch")
        case "gpt-tiny": return try Repository.text("Examples/zoo/gpt_tiny.arch")
        case "gpt-tiny-sdpa":
            return try Repository.text("Examples/zoo/gpt_tiny.arch").replacingOccurrences(of: "causal=true", with: "causal=true sdpa=true")
        case "gpt2-small-t128":
            return try Repository.text("Examples/zoo/gpt2_small.arch").replacingOccurrences(of: "input 1024", with: "input 128")
        default: throw Repository.RenderedError(text: "no .arch source for \(model)")
        }
    }

    /// torchinfo counts the parameters of every leaf module it meets, so GPT's output projection,
    /// whose weight is the token embedding's (`V·D`), is counted twice in `total_params`; tissue's
    /// parameters stay the model's (`sum(p.numel() for p in model.parameters())`).
    static let tiedWeights = ["gpt-tiny": 100 * 32, "gpt-tiny-sdpa": 100 * 32, "gpt2-small-t128": 50_257 * 768]

    @Test func everyModelIsRecorded() throws {
        let fixture = try #require(Self.fixture, "torchinfo_transformers.json reads")
        #expect(fixture.tools["torchinfo"] == "1.8.0")
        #expect(Set(fixture.models.map(\.name)) == ["vit_b_16", "swin_t", "gpt-tiny", "gpt-tiny-sdpa", "gpt2-small-t128"])
    }

    @Test("models", arguments: ["vit_b_16", "swin_t", "gpt-tiny", "gpt-tiny-sdpa", "gpt2-small-t128"])
    func model(_ name: String) throws {
        let fixture = try #require(Self.fixture)
        let expected = try #require(fixture.models.first { $0.name == name })
        try Self.check(try Self.source(of: name), name: name, against: expected, tied: Self.tiedWeights[name] ?? 0)
    }

    /// The single operations whose PyTorch module is what the `.arch` statement stands for.
    /// `class-token` and `pos-embedding` are left out: the script holds each parameter in a
    /// module of its own (a leaf for torchinfo), where ViT holds them in containers, which is
    /// what `classtoken` and `posembed` mean (the ViT model above checks them).
    @Test("single operations", arguments: TransformerOracleTests.programs.filter { name, _ in
        Self.fixture?.ops.contains { $0.name == name } == true && !["class-token", "pos-embedding"].contains(name)
    })
    func operation(_ name: String, _ body: String) throws {
        let fixture = try #require(Self.fixture)
        let expected = try #require(fixture.ops.first { $0.name == name })
        let source = TransformerOracleTests.input(for: expected.input, body) + "\n" + body + "\n"
        try Self.check(source, name: name, against: expected, tied: 0)
    }

    static func check(_ source: String, name: String, against expected: Entry, tied: Int,
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let network = try ArchReader.read(source, defaultName: name)
        let analysis = try Analysis(network, convention: .torchinfo)
        let memory = try MemoryEstimate(network, precision: .float32).torchinfo
        let ours = TorchvisionCNNOracle.Torchinfo(
            total_params: analysis.totals.params + tied, trainable_params: analysis.totals.params + tied,
            total_mult_adds: analysis.totals.macs, total_output_bytes: memory.totalOutputBytes,
            total_param_bytes: memory.totalParamBytes, total_input: memory.totalInput)
        #expect(ours == expected.torchinfo, "\(name)", sourceLocation: sourceLocation)
    }
}
