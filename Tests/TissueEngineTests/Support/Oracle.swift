import Foundation
import TissueIR

/// The committed output of `Tests/Fixtures/oracle/oracle.py`: what PyTorch, thop, fvcore and
/// ptflops report for each model and single operation.
struct OracleModels: Decodable {
    var tools: [String: String]
    var models: [Model]

    struct Model: Decodable, CustomStringConvertible {
        var name: String
        var arch: String
        var source: String
        var input: [Int]
        var output: [Int]
        var params: Int
        var conv_linear_macs: Int
        var thop_macs: Int?
        var fvcore_flops: Int?
        var ptflops_macs: Int?
        var layers: [Layer]
        var description: String { name }
    }

    struct Layer: Decodable, Hashable {
        var op: String
        var output: [Int]
        var params: Int

        /// A comparable key, so that layer lists compare as multisets.
        var key: String { "\(op) \(output.map(String.init).joined(separator: "x")) \(params)" }
    }

    /// The layers the oracle records (convolution, linear, batch, layer and group norm), as
    /// sorted keys `op CxHxW params`. A layer norm called as the function `F.layer_norm`
    /// (ConvNeXt's `LayerNorm2d`, `layernorm fn`) is `layernorm2d`, as in the fixture.
    static func layerKeys(_ layers: [LayerCost]) -> [String] {
        var keys: [String] = []
        for layer in layers {
            let op: String?
            switch layer.kind {
            case .operation(.convolution): op = "conv"
            case .operation(.linear): op = "linear"
            case .operation(.batchNorm): op = "bn"
            case .operation(.layerNorm): op = layer.form == .function ? "layernorm2d" : "layernorm"
            case .operation(.groupNorm): op = "groupnorm"
            case .input, .operation, .stack, .opaque: op = nil
            }
            if let op {
                keys.append(OracleModels.Layer(op: op, output: layer.output.dimensions, params: layer.cost.params).key)
            }
            for unit in layer.units { keys += layerKeys(unit.layers) }
        }
        return keys.sorted()
    }

    static func load() throws -> OracleModels {
        try JSONDecoder().decode(OracleModels.self, from: Data(contentsOf: Repository.url("Tests/Fixtures/oracle/models.json")))
    }
}

struct OracleOps: Decodable {
    var ops: [Case]

    struct Case: Decodable, CustomStringConvertible {
        var name: String
        var arch: String
        var input: [Int]
        var output: [Int]
        var params: Int
        var conv_linear_macs: Int?
        var thop_macs: Int?
        var fvcore_flops: Int?
        var ptflops_macs: Int?
        var description: String { name }
    }

    static func load() throws -> OracleOps {
        try JSONDecoder().decode(OracleOps.self, from: Data(contentsOf: Repository.url("Tests/Fixtures/oracle/ops.json")))
    }
}

/// The committed output of `Tests/Fixtures/oracle/torchvision_cnn.py`: the torchvision
/// classifiers of today and single modern operations, each measured the same way.
struct TorchvisionCNNOracle: Decodable {
    var ops: [Measured]
    var models: [Measured]

    /// One PyTorch model or operation and what each tool reports for it.
    struct Measured: Decodable, CustomStringConvertible {
        var name: String
        var input: [Int]
        var output: [Int]
        var params: Int
        var conv_linear_macs: Int
        var thop_macs: Int
        var fvcore_flops: Int
        var ptflops_macs: Int
        var layers: [OracleModels.Layer]?
        /// torchinfo 1.8.0's `summary()` totals (`compact.json` only; rules in `torchinfo.md`).
        var torchinfo: Torchinfo?
        /// Where the published figures come from (`compact.json` only).
        var published: Published?
        var description: String { name }
    }

    struct Torchinfo: Decodable, Equatable {
        var total_params: Int
        var trainable_params: Int
        var total_mult_adds: Int
        var total_output_bytes: Int
        var total_param_bytes: Int
        var total_input: Int
    }

    struct Published: Decodable {
        var source: String
    }

    static func load() throws -> TorchvisionCNNOracle {
        try JSONDecoder().decode(
            TorchvisionCNNOracle.self, from: Data(contentsOf: Repository.url("Tests/Fixtures/oracle/torchvision_cnn.json")))
    }
}

/// The committed output of `Tests/Fixtures/oracle/compact.py`: MobileNet v1, ShuffleNet v1 (g = 3),
/// Xception and EffNet, which torchvision does not ship, defined in the script and measured like
/// `torchvision_cnn.json` plus torchinfo.
struct CompactOracle: Decodable {
    var tools: [String: String]
    var models: [TorchvisionCNNOracle.Measured]

    static func load() throws -> CompactOracle {
        try JSONDecoder().decode(CompactOracle.self, from: Data(contentsOf: Repository.url("Tests/Fixtures/oracle/compact.json")))
    }
}

/// The committed output of `Tests/Fixtures/oracle/transformers.py`: ViT-B/16, Swin-T, a GPT-2-style
/// decoder and single transformer operations as PyTorch, thop, fvcore and ptflops see them.
struct TransformerOracle: Decodable {
    var ops: [Measured]
    var models: [Measured]
    var closed_forms: ClosedForms

    /// One model or operation. Standard MACs are the module conv/linear MACs, the functional
    /// projections (inside `nn.MultiheadAttention`, Swin's `F.linear`) and the activation matmuls.
    struct Measured: Decodable, CustomStringConvertible {
        var name: String
        var input: [Int]
        var output: [Int]
        var params: Int
        var conv_linear_macs: Int
        var functional_linear_macs: Int
        var matmul_macs: Int
        var thop_macs: Int
        var fvcore_flops: Int
        var ptflops_macs: Int
        var description: String { name }
        var standardMACs: Int { conv_linear_macs + functional_linear_macs + matmul_macs }
    }

    struct ClosedForms: Decodable {
        var config: Config
        var token_macs: [String: Int]
        var kv_cache_elements: Cache

        struct Cache: Decodable {
            var L: Int
            var B: Int
            var value: Int
            var bytes_float32: Int
            var bytes_float16: Int
        }

        struct Config: Decodable {
            var vocab: Int
            var context: Int
            var layers: Int
            var heads: Int
            var width: Int
        }
    }

    static func load() throws -> TransformerOracle {
        try JSONDecoder().decode(
            TransformerOracle.self, from: Data(contentsOf: Repository.url("Tests/Fixtures/oracle/transformers.json")))
    }
}
