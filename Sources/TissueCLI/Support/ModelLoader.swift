import TissueArch
import TissueDiagnostics
import TissueIR

/// Reads a model file (or standard input for `-`) and expands it, turning every failure into a
/// ``CommandError`` that shows the user where the problem is.
struct ModelLoader {
    var console: Console
    /// Bounds on what a file may hold (`--max-input`, `--max-statements`).
    var limits: ExpansionLimits

    /// A loader with the limits the command line gives (the defaults when it gives none).
    init(console: Console, arguments: ParsedArguments) throws(CommandError) {
        self.console = console
        limits = try InputLimits.limits(arguments)
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
        let (name, text) = try source(of: path)
        do {
            let network = try ArchReader.read(text, defaultName: Self.modelName(forPath: path), limits: limits)
            return LoadedModel(fileName: name, source: text, network: network)
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

    func analyze(_ convention: Convention) throws(CommandError) -> Analysis {
        do {
            return try Analysis(network, convention: convention)
        } catch {
            throw .input(Diagnostic(error), fileName: fileName, source: source)
        }
    }
}
