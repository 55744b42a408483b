import Foundation

/// Transcripts of real `tissue` runs kept inside Markdown documents (docs/cli.md, README.md),
/// so the documents cannot drift from the tool. A block is
///
///     <!-- generated: tissue check Examples/ci/resnet18-stacked-budget.arch -->
///     ```console
///     $ tissue check Examples/ci/resnet18-stacked-budget.arch
///     ...standard output, then standard error...
///     $ echo $?          (only when the exit status is not 0)
///     1
///     ```
///     <!-- end generated -->
///
/// The command line in the marker is run in-process from the repository root (words, single
/// quotes as in a shell, no pipes or redirections), and shown as written, so that it runs in a
/// shell too (`DocExamplesTests`). With `markdown: ` before it, the block is the output itself. `TISSUE_UPDATE_GOLDEN=1` rewrites the blocks.
enum GeneratedBlocks {
    static let open = "<!-- generated: "
    static let close = "<!-- end generated -->"
    /// Where a section for a newly registered command is inserted in docs/cli.md.
    static let newSections = "<!-- new command sections go above this line -->"

    struct Block {
        var commandLine: String
        /// The text between the opening marker's line and the closing marker.
        var content: Range<String.Index>
    }

    static func blocks(in text: String) -> [Block] {
        var blocks: [Block] = []
        var rest = text.startIndex..<text.endIndex
        while let start = text.range(of: open, range: rest),
              let markerEnd = text.range(of: " -->\n", range: start.upperBound..<text.endIndex),
              let end = text.range(of: close, range: markerEnd.upperBound..<text.endIndex) {
            blocks.append(Block(commandLine: String(text[start.upperBound..<markerEnd.lowerBound]),
                                content: markerEnd.upperBound..<end.lowerBound))
            rest = end.upperBound..<text.endIndex
        }
        return blocks
    }

    /// Written before the command line (`<!-- generated: markdown: tissue … -->`), the block is the
    /// run's standard output as it is, for Markdown that the page renders (a table).
    static let markdownPrefix = "markdown: "

    /// The transcript of one run.
    static func transcript(_ commandLine: String) -> String {
        if commandLine.hasPrefix(markdownPrefix) {
            let words = shellWords(String(commandLine.dropFirst(markdownPrefix.count)))
            guard words.first == "tissue" else { return "(not a tissue command: \(commandLine))\n" }
            let run = Run(Array(words.dropFirst()))
            return run.output + (run.status == 0 ? "" : "```\n\(run.error)exit status \(run.status)\n```\n")
        }
        let words = shellWords(commandLine)
        guard words.first == "tissue" else { return "(not a tissue command: \(commandLine))\n" }
        let run = Run(Array(words.dropFirst()))
        var out = "```console\n$ \(commandLine)\n" + run.output + run.error
        if run.status != 0 { out += "$ echo $?\n\(run.status)\n" }
        return out + "```\n"
    }

    /// `a 'b c' d` → `a`, `b c`, `d`: blanks separate words except inside single quotes.
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = [], word = "", quoted = false, started = false
        for character in line {
            if character == "'" {
                quoted.toggle()
                started = true
            } else if character == " ", !quoted {
                if started { words.append(word) }
                (word, started) = ("", false)
            } else {
                word.append(character)
                started = true
            }
        }
        if started { words.append(word) }
        return words
    }

    /// A whole block for `commandLine`, markers included.
    static func block(_ commandLine: String) -> String {
        "\(open)\(commandLine) -->\n" + transcript(commandLine) + close
    }

    /// `text` with every block's transcript made anew.
    static func regenerated(_ text: String) -> String {
        var result = text
        for block in blocks(in: text).reversed() {
            let range = result.index(result.startIndex, offsetBy: text.distance(from: text.startIndex, to: block.content.lowerBound))
                ..< result.index(result.startIndex, offsetBy: text.distance(from: text.startIndex, to: block.content.upperBound))
            result.replaceSubrange(range, with: transcript(block.commandLine))
        }
        return result
    }

    /// The blocks whose transcript differs from a fresh run, with a short diff each.
    static func stale(in text: String) -> [(commandLine: String, diff: String)] {
        blocks(in: text).compactMap { block in
            let fresh = transcript(block.commandLine)
            let diff = Golden.lineDiff(expected: String(text[block.content]), actual: fresh)
            return diff.map { (block.commandLine, $0) }
        }
    }
}
