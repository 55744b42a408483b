import Foundation
import Testing
@testable import TissueCLI

/// The LaTeX output compiles in a minimal document. Runs only where a TeX installation is on
/// the PATH (pdflatex or lualatex); CI has none, so there it is skipped.
@Suite("LaTeX output compiles")
struct LaTeXCompileTests {
    static let engine: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for name in ["pdflatex", "lualatex"] {
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    @Test(.enabled(if: engine != nil, "needs pdflatex or lualatex on the PATH"))
    func paperTablesAndCompareCompile() throws {
        var bodies: [String] = []
        for spec in ["table2", "table3", "table4", "table5", "resnet18-own"] {
            let run = Run("table", "Examples/paper/tables/\(spec).table", "--format", "latex")
            try #require(run.status == 0)
            bodies.append(run.output)
        }
        let compare = Run("compare", "Examples/zoo/resnet18-cifar10.arch", "Examples/stacked/resnet18-stacked-cifar10.arch",
                          "--acc", "resnet18-cifar10=95.29", "--results", "Tests/Fixtures/results/own-results.csv",
                          "--format", "latex")
        try #require(compare.status == 0)
        bodies.append(compare.output.replacingOccurrences(of: "\\begin{table}[htbp]", with: "\\begin{table*}[htbp]\\tiny")
            .replacingOccurrences(of: "\\end{table}", with: "\\end{table*}"))
        let document = "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{booktabs}\n"
            + "\\begin{document}\n" + bodies.joined(separator: "\n") + "\\end{document}\n"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tissue-latex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try document.write(to: directory.appendingPathComponent("tables.tex"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.engine))
        process.arguments = ["-interaction=nonstopmode", "-halt-on-error", "tables.tex"]
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(log.suffix(3000))")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("tables.pdf").path))
    }
}
