import TissueArch
import TissueDiagnostics
import TissueIR
import TissueNumerics

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

    /// A loader with the limits and what-ifs the command line gives (the defaults when it gives none).
    init(console: Console, arguments: ParsedArguments) throws(CommandError) {
        self.console = console
        limits = try InputLimits.limits(arguments)
        do { (input, batch) = (try arguments.inputOverride(), try arguments.batchSize()) } catch { throw .usage(error) }
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
        if let input { return try load(path, input: input) }
        let (name, text) = try source(of: path)
        do {
            let network = try ArchReader.read(text, defaultName: Self.modelName(forPath: path), limits: limits)
            return LoadedModel(fileName: name, source: text, network: network, batch: batch)
        } catch {
            throw .input(error, fileName: name, source: text)
        }
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
