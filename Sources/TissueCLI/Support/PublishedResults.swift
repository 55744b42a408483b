import Foundation
import TissueMetrics

/// Published results for `compare` and `table`: the registry shipped with the tool (SwiftPM
/// resources, `Resources/registry/*.csv`) and results files the user names. The files are read
/// here; the engine parses their text (``ResultsFile``).
enum PublishedResults {
    /// The registry's sources, by file name, sorted.
    static func registry() throws(CommandError) -> [PublishedResult] {
        guard let directory = Bundle.module.url(forResource: "registry", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            throw .file(path: "registry", reason: "the tool's registry of published results is missing")
        }
        var results: [PublishedResult] = []
        for name in names.sorted() where name.hasSuffix(".csv") {
            let path = directory.appendingPathComponent(name).path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw .file(path: path, reason: "it cannot be read")
            }
            results += try parse(text, fileName: "registry/\(name)", source: String(name.dropLast(4)))
        }
        return results
    }

    /// A results file named on the command line (or in a spec, resolved by the caller).
    static func file(_ path: String, console: Console) throws(CommandError) -> [PublishedResult] {
        let text: String
        do {
            text = try console.readFile(path)
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
