import Testing
import TissueArch
import TissueIR
import TissueMetrics
import TissueNumerics

/// One generated token's MACs and the KV cache, against closed forms derived here and against
/// PyTorch's count of a real cached step (`closed_forms` of `transformers.json`).
@Suite("Generation: per-token MACs and the KV cache")
struct GenerationTests {
    /// GPT-2 small: vocabulary, layers, width.
    static let (vocabulary, layers, width) = (50257, 12, 768)

    static func gpt2() throws -> Network {
        try ArchReader.read(try Repository.text("Examples/zoo/gpt2_small.arch"))
    }

    /// Per layer: Q, K, V, output projections `4D²` and the MLP `8D²`, then `Q·Kᵀ` and `A·V` over
    /// `p + 1` keys; once, the output projection `D·V` for the one new token.
    static func tokenMACs(position p: Int) -> Int {
        layers * (12 * width * width + 2 * (p + 1) * width) + width * vocabulary
    }

    @Test("one token at a position", arguments: [0, 1, 511, 1023])
    func tokenAtPosition(_ position: Int) throws {
        let generation = try Generation(try Self.gpt2(), position: position, context: nil)
        #expect(generation.tokenMACs == Self.tokenMACs(position: position))
        if let measured = try TransformerOracle.load().closed_forms.token_macs[String(position)] {
            #expect(generation.tokenMACs == measured, "PyTorch's count of a cached step")
        }
    }

    @Test("the cache is 2 · layers · context · width · batch elements", arguments: [
        (1024, 1, DataType.float32), (1024, 1, .float16), (512, 8, .bfloat16), (1024, 4, .int8), (2048, 1, .int4), (1, 1, .binary),
    ])
    func cache(_ context: Int, _ batch: Int, _ type: DataType) throws {
        let generation = try Generation(try Self.gpt2(), position: nil, context: context, batch: batch, precision: type.precision)
        let elements = 2 * Self.layers * context * Self.width * batch
        #expect(generation.cacheElements == elements)
        #expect(generation.cacheBytes == (elements * type.precision.bits + 7) / 8)
        #expect(generation.attentionLayers == Self.layers)
        #expect(generation.tokenMACs == nil)
    }

    @Test func theFixtureCacheAgrees() throws {
        let fixture = try TransformerOracle.load().closed_forms.kv_cache_elements
        let generation = try Generation(try Self.gpt2(), position: nil, context: fixture.L, batch: fixture.B)
        #expect(generation.cacheElements == fixture.value)
        #expect(generation.cacheBytes == fixture.bytes_float32)
        let half = try Generation(try Self.gpt2(), position: nil, context: fixture.L, batch: fixture.B, precision: .float16)
        #expect(half.cacheBytes == fixture.bytes_float16)
    }

    @Test func aNetworkWithoutCausalAttentionIsNotADecoder() throws {
        let vit = try ArchReader.read(try Repository.text("Examples/zoo/vit_b_16.arch"))
        #expect(throws: Generation.Problem.notADecoder) { try Generation(vit, position: 0, context: nil) }
    }

    @Test func aPositionBeyondTheContextIsRefused() throws {
        #expect(throws: Generation.Problem.positionBeyondContext(position: 1024, context: 1024)) {
            try Generation(try Self.gpt2(), position: 1024, context: nil)
        }
    }
}
