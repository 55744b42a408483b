import Foundation

/// The committed output of `Tests/Fixtures/pruning/pruning.py`: what Torch-Pruning 1.6.1's
/// uniform pruning does to six zoo networks and to small cases (see its README.md).
struct PruningFixture: Decodable {
    var ratios: [Double]
    var models: [Model]
    var cases: [Model]

    struct Model: Decodable, CustomStringConvertible {
        var name: String
        /// The `.arch` file (for `models`) or text (for `cases`).
        var arch: String
        var input: [Int]
        var classifier: String?
        var before: Measured
        var groups: [Group]?
        var pruned: [Pruned]
        var description: String { name }
    }

    struct Measured: Decodable {
        var params: Int?
        var conv_linear_macs: Int?
        var layers: [Layer]?
    }

    struct Layer: Decodable {
        var name: String
        var op: String
        var params: Int
    }

    struct Group: Decodable {
        var id: Int
        var channels: Int
        var ch_groups: Int
        var members: [Member]
    }

    struct Member: Decodable, Hashable {
        var name: String
        var op: String
        var dim: String
        var size: Int
    }

    struct Pruned: Decodable {
        var ratio: Double
        var params: Int?
        var conv_linear_macs: Int?
        var groups: [Kept]?
        var forward_error: String?
        var step_error: String?
    }

    struct Kept: Decodable {
        var id: Int
        var kept: Int
    }

    static func load() throws -> PruningFixture {
        try JSONDecoder().decode(PruningFixture.self,
                                 from: Data(contentsOf: Repository.url("Tests/Fixtures/pruning/pruning.json")))
    }
}
