import Foundation
import Testing
@testable import TissueCLI

/// docs/cli.md and the README's tour are transcripts of the real tool: every help text and every
/// example output in them must equal what `tissue` prints now. After an intended change run
/// `TISSUE_UPDATE_GOLDEN=1 swift test --filter CLIDocs` and review the diff.
@Suite("CLIDocs")
struct CLIDocsTests {
    static let update = ProcessInfo.processInfo.environment["TISSUE_UPDATE_GOLDEN"] == "1"

    /// Every help text the tool has: the overview and one per registered command.
    static var helpCommandLines: [String] {
        ["tissue --help"] + TissueCommandLine.commands.map { "tissue \($0.spec.name) --help" }
    }

    static func url(_ path: String) -> URL { Golden.root.appendingPathComponent(path) }

    @Test func cliReferenceHasEveryHelpTextVerbatim() throws {
        let url = Self.url("docs/cli.md")
        var text = try String(contentsOf: url, encoding: .utf8)
        if Self.update {
            text = Self.addingMissingSections(to: text)
            text = GeneratedBlocks.regenerated(text)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        for commandLine in Self.helpCommandLines {
            let name = String(commandLine.dropFirst("tissue ".count).dropLast(" --help".count))
            #expect(text.contains(GeneratedBlocks.block(commandLine)),
                    "docs/cli.md lacks the current help of 'tissue \(name)'; run TISSUE_UPDATE_GOLDEN=1 swift test --filter CLIDocs")
            // The help text itself appears verbatim, whatever the markers around it.
            #expect(text.contains(Run(commandLine.split(separator: " ").dropFirst().map(String.init)).output))
        }
        for (commandLine, diff) in GeneratedBlocks.stale(in: text) {
            Issue.record("docs/cli.md: the output of '\(commandLine)' has changed:\n\(diff)")
        }
    }

    @Test func cliReferenceDocumentsTheExitStatuses() throws {
        let text = try String(contentsOf: Self.url("docs/cli.md"), encoding: .utf8)
        for row in ["| 0 |", "| 1 |", "| 2 |"] { #expect(text.contains(row)) }
    }

    /// The README's tour and the guides whose examples are transcripts too.
    @Test(arguments: ["README.md", "docs/compression.md"])
    func transcriptsAreCurrent(_ path: String) throws {
        let url = Self.url(path)
        var text = try String(contentsOf: url, encoding: .utf8)
        if Self.update {
            text = GeneratedBlocks.regenerated(text)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(!GeneratedBlocks.blocks(in: text).isEmpty, "\(path) has no generated transcripts")
        for (commandLine, diff) in GeneratedBlocks.stale(in: text) {
            Issue.record("\(path): the output of '\(commandLine)' has changed:\n\(diff)")
        }
    }

    @Test func aChangedTranscriptIsDetected() {
        let block = GeneratedBlocks.block("tissue --version")
        #expect(GeneratedBlocks.stale(in: block).isEmpty)
        let tampered = block.replacingOccurrences(of: TissueCommandLine.version, with: "0.0.0-old")
        #expect(GeneratedBlocks.stale(in: tampered).map(\.commandLine) == ["tissue --version"])
    }

    /// A section for each registered command that docs/cli.md does not describe yet.
    static func addingMissingSections(to text: String) -> String {
        var text = text
        for command in TissueCommandLine.commands {
            let commandLine = "tissue \(command.spec.name) --help"
            guard !text.contains(GeneratedBlocks.open + commandLine + " -->"),
                  let marker = text.range(of: GeneratedBlocks.newSections) else { continue }
            let section = "### tissue \(command.spec.name)\n\n\(command.spec.abstract)\n\n"
                + GeneratedBlocks.block(commandLine) + "\n\n"
            text.replaceSubrange(marker.lowerBound..<marker.lowerBound, with: section)
        }
        return text
    }
}
