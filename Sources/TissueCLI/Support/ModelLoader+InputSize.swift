import TissueArch
import TissueDiagnostics
import TissueReference

extension ModelLoader {
    /// Loads a model as ``load(_:)`` does, but with its declared input replaced by `dimensions`
    /// (the `--input` option, see ``SourceFile/withInput(_:)``): the parsed file is expanded
    /// again at the new size.
    func load(_ path: String, input dimensions: [Int]) throws(CommandError) -> LoadedModel {
        let (name, text) = try source(of: path)
        do {
            let network = try ArchReader.read(text, defaultName: Self.modelName(forPath: path), input: dimensions,
                                              limits: limits)
            return LoadedModel(fileName: name, source: text, network: network, batch: batch)
        } catch {
            switch error {
            case .diagnostic(let diagnostic):
                throw .input(diagnostic, fileName: name, source: text)
            case .notAnImage(let declared):
                let shape = declared.map { $0.map(String.init).joined(separator: "x") } ?? "none"
                let written = dimensions.map(String.init).joined(separator: "x")
                let expected = dimensions.count == 2
                    ? "a model whose input is C×H×W, but '\(name)' declares 'input \(shape)'"
                    : "an input that fits 'input \(shape)' of '\(name)' (CxHxW, HxW or N)"
                throw .usage(.invalidValue(option: "input", value: written, expected: expected))
            }
        }
    }
}

extension ParsedArguments {
    /// `--threads N` (default: one per processor).
    func workers() throws(UsageError) -> Workers {
        guard let count = try integer("threads") else { return .available }
        guard count >= 1, count <= 256 else {
            throw .invalidValue(option: "threads", value: value("threads") ?? "", expected: "a thread count from 1 to 256")
        }
        return Workers(count: count)
    }

    /// `--seed N` as the generator's 64-bit seed.
    func seed() throws(UsageError) -> UInt64 {
        UInt64(try integer("seed") ?? 1)
    }
}
