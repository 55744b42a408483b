import Foundation

/// `Tests/Fixtures/reference/pytorch_ops.json`: what PyTorch computed (see pytorch_ops.py).
struct PyTorchOps: Decodable {
    struct Output: Decodable {
        var shape: [Int]
        var values: [Double]
    }

    struct Conv: Decodable {
        var `in`: [Int]
        var out_channels: Int
        var kernel, stride, padding, dilation: [Int]
        var groups: Int
        var bias: Bool
        var shape: [Int]
        var values: [Double]
    }

    struct PoolCase: Decodable {
        var kind: String
        var `in`: [Int]
        var kernel, stride, padding: [Int]
        var ceil: Bool
        var shape: [Int]
        var values: [Double]
    }

    struct Activations: Decodable {
        var `in`: [Int]
        var salt: Int
        var outputs: [String: Output]
    }

    struct Shaped: Decodable {
        var `in`: [Int]
        var shape: [Int]
        var values: [Double]
    }

    struct Shuffle: Decodable {
        var `in`: [Int]
        var groups: Int
        var shape: [Int]
        var values: [Double]
    }

    struct LinearCase: Decodable {
        var `in`: Int
        var out: Int
        var shape: [Int]
        var values: [Double]
    }

    var conv2d: [Conv]
    var pool2d: [PoolCase]
    var activations: Activations
    var batch_norm: Shaped
    var softmax: Shaped
    var channel_shuffle: Shuffle
    var adaptive_avg_pool2d: Shaped
    var linear: LinearCase
    var layer_norm: Normalised
    var layer_norm_eps5: Normalised
    var group_norm: [GroupNormCase]
    var adaptive_avg_pool2d_k: [AdaptiveCase]
    var mean: Shaped
    var mul_broadcast: Shaped
    var add_broadcast: Shaped
    var layer_scale: Shaped
    var layer_norm_tokens: Shaped
    var linear_tokens: TokenLinear
    var mha: [MHACase]
    var causal_attention: CausalCase
    var window_attention: [WindowCase]
    var patch_merging: Shaped
    var matmul_broadcast: MatmulCase
    var embedding: EmbeddingCase

    struct TokenLinear: Decodable {
        var `in`: [Int]
        var out: Int
        var shape: [Int]
        var values: [Double]
    }

    struct MHACase: Decodable {
        var tokens, width, heads: Int
        var bias: Bool
        var shape: [Int]
        var values: [Double]
    }

    struct CausalCase: Decodable {
        var tokens, width, heads: Int
        var shape: [Int]
        var values: [Double]
    }

    struct WindowCase: Decodable {
        var `in`: [Int]
        var heads, window, shift: Int
        var shape: [Int]
        var values: [Double]
    }

    struct MatmulCase: Decodable {
        var a, b, shape: [Int]
        var values: [Double]
    }

    struct EmbeddingCase: Decodable {
        var `in`: [Int]
        var vocabulary, width: Int
        var ids: [Int]
        var shape: [Int]
        var values: [Double]
    }

    struct Normalised: Decodable {
        var `in`: [Int]
        var eps: Double
        var shape: [Int]
        var values: [Double]
    }

    struct GroupNormCase: Decodable {
        var `in`: [Int]
        var groups: Int
        var shape: [Int]
        var values: [Double]
    }

    struct AdaptiveCase: Decodable {
        var `in`: [Int]
        var out: [Int]
        var shape: [Int]
        var values: [Double]
    }

    static let shared: PyTorchOps? = {
        guard let data = try? Data(contentsOf: Repository.url("Tests/Fixtures/reference/pytorch_ops.json")) else { return nil }
        return try? JSONDecoder().decode(PyTorchOps.self, from: data)
    }()
}
