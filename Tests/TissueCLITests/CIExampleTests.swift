import Foundation
import Testing

/// The GitHub Actions example must stay green: every `tissue check` step of
/// Examples/ci/tissue-budget.yml is run in-process (globs expanded as the shell would) and must
/// exit 0, except the JUnit step, which may also exit 1 and must write a valid report.
@Suite("the CI example")
struct CIExampleTests {
    static let workflow = "Examples/ci/tissue-budget.yml"

    /// The `tissue check` command lines of the workflow, without the path to the executable.
    static func checkSteps() throws -> [[String]] {
        let text = try String(contentsOf: Golden.root.appendingPathComponent(workflow), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "tissue check ") else { return nil }
            var words = ["check"] + line[range.upperBound...].split(separator: " ").map(String.init)
            if let redirect = words.firstIndex(of: ">") { words = Array(words[..<redirect]) }
            return words.flatMap(expandGlob)
        }
    }

    /// `Examples/zoo/*.arch` as the shell expands it (sorted); other words unchanged.
    static func expandGlob(_ word: String) -> [String] {
        guard word.contains("*"), let slash = word.lastIndex(of: "/") else { return [word] }
        let directory = String(word[..<slash]), pattern = word[word.index(after: slash)...]
        let parts = pattern.split(separator: "*", maxSplits: 1, omittingEmptySubsequences: false)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Golden.root.appendingPathComponent(directory).path)) ?? []
        return names.filter { $0.hasPrefix(parts[0]) && $0.hasSuffix(parts.count > 1 ? parts[1] : "") }
            .sorted().map { directory + "/" + $0 }
    }

    @Test func everyCheckStepPasses() throws {
        let steps = try Self.checkSteps()
        #expect(steps.count >= 3)
        for arguments in steps {
            let run = Run(arguments)
            if arguments.contains("junit") {
                #expect(run.status == 0 || run.status == 1)
                #expect(JUnitStructure.problems(in: run.output) == [])
            } else {
                #expect(run.status == 0, "\(arguments.joined(separator: " ")): \(run.error)\(run.output)")
            }
        }
    }

    @Test func globsExpandToEveryZooModel() {
        let files = Self.expandGlob("Examples/zoo/*.arch")
        #expect(files.contains("Examples/zoo/resnet50.arch"))
        #expect(files.allSatisfy { $0.hasSuffix(".arch") })
    }
}
