import TissueArch
import TissueDiagnostics
import TissueIR
import TissueNumerics
import TissueONNX

/// Reads a model file (or standard input for `-`) and expands it, turning every failure into a
/// ``CommandError`` that shows the user where the problem is.
struct ModelLoader {
    var console: Console
    /// Bounds on what a file may hold (`--max-input`, `--max-statements`).
    var limits: ExpansionLimits
    /// `--input`: the dimensions every model is read at instead of its declared input.
    var input: [Int]?
    /// `--batch`: samples per batch in every analysis.
    var batch = 1
    /// Whether `--batch` was given, so it also binds an ONNX model's symbolic batch dimension.
    var batchGiven = false

    /// A loader with the limits and what-ifs the command line gives (the defaults when it gives none).
    init(console: Console, arguments: ParsedArguments) throws(CommandError) {
        self.console = console
        limits = try InputLimits.limits(arguments)
        do { (input, batch) = (try arguments.inputOverride(), try arguments.batchSize()) } catch { throw .usage(error) }
        batchGiven = arguments.spec.option(named: "batch") != nil && arguments.wasGiven("batch")
    }

    func source(of path: String) throws(CommandError) -> (name: String, text: String) {
        do {
            if path == "-" { return ("<stdin>", try console.readStandardInput(limits.inputBytes)) }
            return (path, try console.readFile(path, limits.inputBytes))
        } catch {
            throw .file(path: path, reason: FileProblem.reason(error, .read))
        }
    }

    func load(_ path: String) throws(CommandError) -> LoadedModel {
        if let bytes = try onnxBytes(path) { return try loadONNX(path, bytes, options: onnxOptions()) }
        if let input { return try load(path, input: input) }
        let (name, text) = try source(of: path)
        do {
            let network = try ArchReader.read(text, defaultName: Self.modelName(forPath: path), limits: limits)
            return LoadedModel(fileName: name, source: text, network: network, batch: batch)
        } catch {
            throw .input(error, fileName: name, source: text)
        }
    }

    /// The bytes of an ONNX file: one named `.onnx`, or any file but an `.arch` that starts with
    /// the protobuf key of `ModelProto.ir_version` (0x08, a byte no text file starts with).
    func onnxBytes(_ path: String) throws(CommandError) -> FileBytes? {
        guard path != "-", !path.hasSuffix(".arch") else { return nil }
        let bytes: FileBytes
        do {
            bytes = try console.readBytes(path, max(limits.inputBytes, Self.onnxBytes))
        } catch {
            if path.hasSuffix(".onnx") { throw .file(path: path, reason: FileProblem.reason(error, .read)) }
            return nil
        }
        if path.hasSuffix(".onnx") { return bytes }
        return bytes.withUnsafeBytes { ONNXReader.looksLikeONNX($0.prefix(1)) } ? bytes : nil
    }

    /// ONNX files are mapped, not read, and their weights are skipped: protobuf's own 2 GiB
    /// message limit bounds them unless `--max-input` allows more.
    static let onnxBytes = 1 << 31

    /// `--batch` binds a symbolic batch dimension; `--input` sets the height and width of an
    /// image input (`N` means N×N; of `CxHxW` the channels stay the file's).
    func onnxOptions() -> ONNXImportOptions {
        var options = ONNXImportOptions(batch: batchGiven ? batch : nil)
        if let input, let width = input.last { options.inputSize = (input.count == 1 ? width : input[input.count - 2], width) }
        return options
    }

    /// Reads an ONNX model; its notes (folded BatchNorm, operators counted as zero) go to
    /// standard error, every failure is `FILE: error: at …`.
    func loadONNX(_ path: String, _ bytes: FileBytes, options: ONNXImportOptions) throws(CommandError) -> LoadedModel {
        let result: ONNXReader.Result
        do {
            result = try bytes.withUnsafeBytes { (buffer) throws(ONNXError) in
                try ONNXReader.read(buffer, name: ONNXReader.modelName(forPath: path), options: options)
            }
        } catch {
            throw .onnx(fileName: path, message: error.description)
        }
        let opaque = result.notes.compactMap { note -> (name: String, count: Int)? in
            if case .notModelled(let name, let count, _) = note { (name, count) } else { nil }
        }
        if !opaque.isEmpty {
            let nodes = opaque.reduce(0) { $0 + $1.count }
            let names = opaque.map { "'\($0.name)'" }.joined(separator: ", ")
            console.standardError("\(path): warning: the totals are lower bounds: tissue does not model \(nodes) "
                + "node\(nodes == 1 ? "" : "s") of this file (\(names)) and counts \(nodes == 1 ? "it" : "them") as zero\n")
        }
        for note in result.notes { console.standardError("\(path): note: \(note)\n") }
        return LoadedModel(fileName: path, source: "", network: result.network, batch: batch)
    }

    /// `Examples/zoo/resnet18.arch` names its model `resnet18` unless it says otherwise.
    static func modelName(forPath path: String) -> String {
        guard path != "-" else { return "model" }
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".arch") ? String(file.dropLast(5)) : file
    }
}

/// A parsed model together with its text, so later errors can still point into the source.
struct LoadedModel {
    var fileName: String
    var source: String
    var network: Network
    /// Samples per batch (`--batch`).
    var batch = 1

    func analyze(_ convention: Convention) throws(CommandError) -> Analysis {
        do {
            return try Analysis(network, convention: convention, batch: batch)
        } catch {
            throw .input(Diagnostic(error), fileName: fileName, source: source)
        }
    }

    /// The model's bytes at `precision` for its batch.
    func memory(_ precision: Precision) throws(CommandError) -> MemoryEstimate {
        do {
            return try MemoryEstimate(network, precision: precision, batch: batch)
        } catch {
            throw .input(Diagnostic(error), fileName: fileName, source: source)
        }
    }
}
