import Foundation
import Testing
@testable import TissueCLI

/// The registry is compiled into the binary (`Support/RegistrySources.swift`) from the CSV files
/// in `Sources/TissueCLI/Registry/`; the two must not drift. `TISSUE_UPDATE_GOLDEN=1` rewrites
/// the Swift file from the CSVs.
@Suite("Registry embedding")
struct RegistryEmbeddingTests {
    static let folder = Golden.root.appendingPathComponent("Sources/TissueCLI/Registry")
    static let generated = Golden.root.appendingPathComponent("Sources/TissueCLI/Support/RegistrySources.swift")

    static func csvFiles() throws -> [(name: String, text: String)] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }.sorted().map {
            ($0, try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8))
        }
    }

    static func swiftSource(_ files: [(name: String, text: String)]) -> String {
        var lines = ["// Generated from Sources/TissueCLI/Registry/*.csv; edit those, then run",
                     "// `TISSUE_UPDATE_GOLDEN=1 swift test --filter RegistryEmbedding` (a test holds the two equal).", "",
                     "/// The registry of published results, compiled into the binary so that it needs no files beside it.",
                     "enum RegistrySources {", "    static let files: [(name: String, text: String)] = ["]
        for file in files {
            lines.append("        (\"\(file.name)\", #\"\"\"")
            var body = file.text
            while body.hasSuffix("\n") { body.removeLast() }
            lines += body.components(separatedBy: "\n")
            lines.append("\"\"\"#),")
        }
        lines += ["    ]", "}", ""]
        return lines.joined(separator: "\n")
    }

    @Test func theCompiledRegistryIsTheCSVFiles() throws {
        let files = try Self.csvFiles()
        #expect(files.count >= 4)
        if ProcessInfo.processInfo.environment["TISSUE_UPDATE_GOLDEN"] != nil {
            try Self.swiftSource(files).write(to: Self.generated, atomically: true, encoding: .utf8)
        }
        #expect(try String(contentsOf: Self.generated, encoding: .utf8) == Self.swiftSource(files),
                "Support/RegistrySources.swift is stale; run TISSUE_UPDATE_GOLDEN=1 swift test --filter RegistryEmbedding")
        let embedded = RegistrySources.files
        #expect(embedded.map(\.name) == files.map(\.name))
        for (compiled, file) in zip(embedded, files) {
            #expect(compiled.text + "\n" == file.text, "\(file.name)")
        }
    }
}
