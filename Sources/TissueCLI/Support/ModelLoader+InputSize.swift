import TissueArch
import TissueDiagnostics
import TissueReference

extension ModelLoader {
    /// Loads a model as ``load(_:)`` does, but with its declared input's height and width replaced
    /// by `size` (the `--input` option): the parsed file is expanded again at the new size.
    func load(_ path: String, inputSize size: (height: Int, width: Int)?) throws(CommandError) -> LoadedModel {
        guard let size else { return try load(path) }
        if let bytes = try onnxBytes(path) { return try loadONNX(path, bytes, options: try onnxOptions(inputSize: size)) }
        let (name, text) = try source(of: path)
        do {
            let network = try ArchReader.read(text, defaultName: Self.modelName(forPath: path), height: size.height,
                                              width: size.width, limits: limits)
            return LoadedModel(fileName: name, source: text, network: network)
        } catch {
            switch error {
            case .diagnostic(let diagnostic):
                throw .input(diagnostic, fileName: name, source: text)
            case .notAnImage(let declared):
                let shape = declared.map { $0.map(String.init).joined(separator: "x") } ?? "none"
                throw .usage(.invalidValue(option: "input", value: "\(size.height)x\(size.width)",
                                           expected: "a model whose input is C×H×W, but '\(name)' declares 'input \(shape)'"))
            }
        }
    }
}

extension ParsedArguments {
    /// An `HxW` (or `N` for N×N) spatial size such as `--input 32x32`.
    func spatialSize(_ name: String) throws(UsageError) -> (height: Int, width: Int)? {
        guard let text = value(name) else { return nil }
        let parts = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 1 || parts.count == 2, let height = parts[0], let width = parts.last ?? nil,
              height > 0, width > 0, height <= 1 << 16, width <= 1 << 16 else {
            throw .invalidValue(option: name, value: text, expected: "a spatial size HxW such as '32x32'")
        }
        return (height, width)
    }

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
