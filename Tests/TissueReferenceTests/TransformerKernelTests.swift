import Testing
import TissueIR
@testable import TissueReference

/// The kernels of transformers against what PyTorch computed with the same inputs and weights
/// (`transformer_cases` of Tests/Fixtures/reference/pytorch_ops.py): layer norm and linear over
/// tokens, `nn.MultiheadAttention`, GPT-2's causal attention, torchvision's shifted-window
/// attention (plain, shifted, padded, and a shift the window clears), patch merging, a broadcast
/// matmul and the embedding lookup.
@Suite("PyTorch fixture: transformers")
struct TransformerKernelTests {
    static var fixture: PyTorchOps { get throws { try PyTorchFixtureTests.fixture } }
    /// A fresh context per use: tests run in parallel and a context's scratch serves one kernel at a time.
    static var context: KernelContext { KernelContext(workers: .single) }

    static func small(_ count: Int, salt: Int) -> [Float] { Check.pattern(count, salt: salt).map { $0 / 4 } }

    static func tokens(_ dims: [Int], salt: Int) -> Tensor {
        Tensor(shape: .tokens(dims), storage: Check.pattern(dims.reduce(1, *), salt: salt))
    }

    static func attentionWeights(width d: Int, bias: Bool, inSalt: Int = 36, outSalt: Int = 37, inBiasSalt: Int = 38,
                                 outBiasSalt: Int = 39, table: [Float]? = nil) -> AttentionWeights {
        AttentionWeights(inWeight: small(3 * d * d, salt: inSalt), inBias: bias ? small(3 * d, salt: inBiasSalt) : nil,
                         outWeight: small(d * d, salt: outSalt), outBias: bias ? small(d, salt: outBiasSalt) : nil,
                         relativeBias: table)
    }

    @Test func layerNormOverTokens() throws {
        let t = try Self.fixture.layer_norm_tokens
        let out = NormalizationKernels.layerNorm(Self.tokens(t.in, salt: 30), gamma: Check.pattern(t.in[1], salt: 31),
                                                 beta: Check.pattern(t.in[1], salt: 32))
        #expect(out.shape.dimensions == t.shape)
        Check.close(out.storage, t.values, tolerance: 2e-6)
    }

    @Test(arguments: Check.contexts)
    func linearOverTokens(context: KernelContext) throws {
        let t = try Self.fixture.linear_tokens
        let x = Self.tokens(t.in, salt: 33)
        let product = MatrixProduct.linear(x.storage, positions: t.in[0], inputs: t.in[1], weight: Self.small(t.out * t.in[1], salt: 34),
                                           bias: Check.pattern(t.out, salt: 35), outputs: t.out, context: context)
        #expect(product.macs == t.in[0] * t.in[1] * t.out)
        Check.close(product.values, t.values)
    }

    @Test func multiheadAttention() throws {
        for t in try Self.fixture.mha {
            let attention = Attention(heads: t.heads, bias: t.bias, variant: .multihead)
            let out = AttentionKernel.run(attention, input: Self.tokens([t.tokens, t.width], salt: 40),
                                          weights: Self.attentionWeights(width: t.width, bias: t.bias), context: Self.context)
            #expect(out.tensor.shape.dimensions == t.shape)
            #expect(out.macs == 4 * t.tokens * t.width * t.width + 2 * t.tokens * t.tokens * t.width)
            Check.close(out.tensor.storage, t.values, tolerance: 1e-5, "mha \(t.width)/\(t.heads)")
        }
    }

    @Test func causalAttention() throws {
        let t = try Self.fixture.causal_attention
        let attention = Attention(heads: t.heads, variant: .projected(causal: true, fused: false))
        let out = AttentionKernel.run(attention, input: Self.tokens([t.tokens, t.width], salt: 41),
                                      weights: Self.attentionWeights(width: t.width, bias: true), context: Self.context)
        #expect(out.tensor.shape.dimensions == t.shape)
        Check.close(out.tensor.storage, t.values, tolerance: 1e-5)
    }

    @Test func shiftedWindowAttention() throws {
        for t in try Self.fixture.window_attention {
            let c = t.in[2], side = 2 * t.window - 1
            let attention = Attention(heads: t.heads, variant: .shiftedWindow(window: t.window, shift: t.shift))
            let weights = Self.attentionWeights(width: c, bias: true, inSalt: 42, outSalt: 44, inBiasSalt: 43, outBiasSalt: 45,
                                                table: Self.small(side * side * t.heads, salt: 46))
            let input = Self.tokens(t.in, salt: 47)
            let out = AttentionKernel.run(attention, input: input, weights: weights, context: Self.context)
            #expect(out.tensor.shape.dimensions == t.shape)
            // MACs on the padded map: 4·T·C² + 2·T·w²·C.
            let padded = ((t.in[0] + t.window - 1) / t.window) * ((t.in[1] + t.window - 1) / t.window) * t.window * t.window
            #expect(out.macs == 4 * padded * c * c + 2 * padded * t.window * t.window * c)
            Check.close(out.tensor.storage, t.values, tolerance: 1e-5, "window \(t.in) w\(t.window) shift \(t.shift)")
        }
    }

    @Test func patchMerging() throws {
        let t = try Self.fixture.patch_merging
        let out = TokenKernels.mergePatches(Self.tokens(t.in, salt: 48))
        #expect(out.tensor.shape.dimensions == t.shape)
        #expect(out.tensor.storage.map(Double.init) == t.values, "a gather: the values are PyTorch's exactly")
    }

    @Test func broadcastMatmul() throws {
        let t = try Self.fixture.matmul_broadcast
        let out = MatmulKernel.run(Self.tokens(t.a, salt: 49), Self.tokens(t.b, salt: 50), context: Self.context)
        #expect(out.tensor.shape.dimensions == t.shape)
        #expect(out.macs == 2 * 3 * 4 * 5)
        Check.close(out.tensor.storage, t.values)
    }

    @Test func embeddingLookup() throws {
        let t = try Self.fixture.embedding
        let ids = Tensor(shape: .vector(t.in[0]), storage: Check.pattern(t.in[0], salt: 51))
        #expect(ids.storage.map { TokenKernels.tokenID($0, vocabulary: t.vocabulary) } == t.ids)
        let out = TokenKernels.embed(ids, table: Check.pattern(t.vocabulary * t.width, salt: 52),
                                     Embedding(vocabulary: t.vocabulary, width: t.width))
        #expect(out.tensor.shape.dimensions == t.shape)
        #expect(out.tensor.storage.map(Double.init) == t.values)
    }

    /// Layout round trips: a map to tokens or channels-last and back is the identity.
    @Test func layoutRoundTrips() {
        let map = Tensor(shape: .image(channels: 3, height: 2, width: 4), storage: Check.pattern(24, salt: 53))
        let last = TokenKernels.permute(map, to: .channelsLast).tensor
        #expect(last.shape.dimensions == [2, 4, 3])
        #expect(TokenKernels.permute(last, to: .channelsFirst).tensor == map)
        let tokens = TokenKernels.tokens(map).tensor
        #expect(tokens.shape.dimensions == [8, 3])
        #expect(tokens.storage == last.storage, "H·W tokens of C are the channels-last map's storage")
        let twice = TokenKernels.transpose(TokenKernels.transpose(tokens).tensor).tensor
        #expect(twice == tokens)
    }
}
