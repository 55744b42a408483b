import Foundation
import TissueDiagnostics
import TissueIR

/// Paths into the repository, found from this file's location so tests run from any directory.
enum Repository {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ relative: String) -> URL {
        root.appendingPathComponent(relative)
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }

    /// Every `.arch` file under `Examples/`, repository-relative, sorted.
    static func exampleFiles() -> [String] {
        let base = url("Examples")
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        var files: [String] = []
        for case let file as URL in walker where file.pathExtension == "arch" {
            files.append(String(file.path.dropFirst(root.path.count + 1)))
        }
        return files.sorted()
    }

    /// Parses and analyses a source text, failing the test with the rendered diagnostic.
    static func analyze(_ source: String, name: String = "test", convention: Convention = .standard) throws -> Analysis {
        do {
            return try analyzeArch(source, convention: convention)
        } catch {
            throw RenderedError(text: DiagnosticRenderer(fileName: name, source: source).render(error))
        }
    }

    struct RenderedError: Error, CustomStringConvertible {
        var text: String
        var description: String { text }
    }
}
