import TissueArch
import TissueBudgets
import TissueDiagnostics
import TissueIR
@testable import TissueReference

/// Networks for the tests: parsed from text or from Examples/, at the size the tests run them.
enum Networks {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses and expands `source`, optionally at another spatial input size (as `--input` does).
    static func parse(_ source: String, name: String = "test", inputSize: (height: Int, width: Int)? = nil) throws -> Network {
        do {
            var file = try Parser.parse(source)
            if let inputSize {
                guard let resized = file.withInputSize(height: inputSize.height, width: inputSize.width) else {
                    throw Failure(description: "\(name) has no image input")
                }
                file = resized
            }
            return try Expander.expand(file, defaultName: name)
        } catch let error as Diagnostic {
            throw Failure(description: DiagnosticRenderer(fileName: name, source: source).render(error))
        }
    }

    /// An example file at test size: sequences longer than 64 run at 16 tokens; ImageNet-size
    /// inputs (larger than 64×64) run at the smallest
    /// of 32×32, 64×64 and 80×80 the network accepts (AlexNet needs 63, Inception v3 75), the way
    /// `tissue verify --input 32x32` runs them, so the debug-build suite stays fast.
    static func example(_ relative: String) throws -> Network {
        let source = try Repository.text(relative)
        let file = try Parser.parse(source)
        let dimensions = file.input?.dimensions ?? []
        if dimensions.count == 1, dimensions[0] > 64 {
            // A language model's context runs at 16 tokens: the weights are the same, the
            // attention shorter.
            var network = try parse(source, name: relative)
            let first = network.graph.consumers(of: network.graph.input).first.map { network.graph[$0].operation }
            if case .embedding = first { network.graph = try network.graph.reinferred(inputShapes: [.vector(16)]) }
            return network
        }
        guard dimensions.count == 3 && (dimensions[1] > 64 || dimensions[2] > 64) else {
            return try parse(source, name: relative)
        }
        for side in [32, 64] {
            if let network = try? parse(source, name: relative, inputSize: (side, side)) { return network }
        }
        return try parse(source, name: relative, inputSize: (80, 80))
    }

    /// Runs `network` and checks it against `analysis` (by default the engine's own).
    static func verify(_ network: Network, analysis: Analysis? = nil, seed: UInt64 = 1,
                       workers: Workers = Workers(count: 2)) throws -> Verification {
        let executor = Executor(workers: workers)
        let execution = try executor.run(network.graph, seed: seed)
        let analysis = try analysis ?? Analysis(network, convention: .standard)
        return Verification(analysis: analysis, execution: execution, seed: seed, tolerance: executor.tolerance)
    }
}
