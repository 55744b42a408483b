import Foundation

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
        /// For the few models the language cannot express to the letter: the tools' numbers for the
        /// model rebuilt with exactly the modules its `.arch` uses, and how it was rebuilt.
        var arch_equivalent: Equivalent?
        var description: String { name }
    }

    struct Equivalent: Decodable {
        var how: String
        var thop_macs: Int?
        var fvcore_flops: Int?
        var ptflops_macs: Int?
    }

    struct Layer: Decodable, Hashable {
        var op: String
        var output: [Int]
        var params: Int

        /// A comparable key, so that layer lists compare as multisets.
        var key: String { "\(op) \(output.map(String.init).joined(separator: "x")) \(params)" }
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
        var description: String { name }
    }

    static func load() throws -> TorchvisionCNNOracle {
        try JSONDecoder().decode(
            TorchvisionCNNOracle.self, from: Data(contentsOf: Repository.url("Tests/Fixtures/oracle/torchvision_cnn.json")))
    }
}
