import TissueArch
import TissueMetrics

/// Published results for `compare` and `table`: the registry compiled into the tool
/// (`Registry/*.csv`) and results files the user names. The files are read
/// here; the engine parses their text (``ResultsFile``).
enum PublishedResults {
    /// The registry's sources, by file name, sorted: compiled in (``RegistrySources``).
    static func registry() throws(CommandError) -> [PublishedResult] {
        var results: [PublishedResult] = []
        for (name, text) in RegistrySources.files.sorted(by: { $0.name < $1.name }) {
            results += try parse(text + "\n", fileName: "registry/\(name)", source: String(name.dropLast(4)))
        }
        return results
    }

    /// A results file named on the command line (or in a spec, resolved by the caller).
    static func file(_ path: String, console: Console) throws(CommandError) -> [PublishedResult] {
        let text: String
        do {
            text = try console.readFile(path, ExpansionLimits.defaultInputBytes)
        } catch {
            throw .file(path: path, reason: FileProblem.reason(error, .read))
        }
        return try parse(text, fileName: path, source: sourceName(path))
    }

    static func parse(_ text: String, fileName: String, source: String) throws(CommandError) -> [PublishedResult] {
        do {
            return try ResultsFile.parse(text, source: source)
        } catch {
            throw .input(error, fileName: fileName, source: text)
        }
    }

    /// `data/Results-Grid view.csv` is the source `Results-Grid view`.
    static func sourceName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".csv") ? String(file.dropLast(4)) : file
    }
}
