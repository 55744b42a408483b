import TissueDiagnostics
import TissueIR

/// One statement line of a table spec, split into its keyword, positional words and
/// `key=value` attributes, each with its location.
///
/// Lexical rules: words are runs of non-blank characters; `"..."` is one word that may hold
/// blanks (`\"` and `\\` escape a quote and a backslash); `key=value` is an attribute whose
/// value may be quoted (`label="TissueNet (n=4)"`); `#` outside quotes starts a comment.
struct SpecLine: Sendable {
    struct Word: Sendable, Equatable {
        var text: String
        var location: SourceLocation
        var quoted: Bool

        var display: String { "'\(text)'" }
    }

    struct Attribute: Sendable {
        var key: Word
        var value: Word
    }

    var keyword: Word
    var words: [Word] = []
    var attributes: [Attribute] = []
    /// Where the line ends, for "expected ..., found end of line".
    var end: SourceLocation

    /// The lines of `source` that hold a statement.
    static func split(_ source: String) throws(Diagnostic) -> [SpecLine] {
        var lines: [SpecLine] = []
        var number = 0
        // Split on the scalar "\n": as a Character, "\r\n" is one grapheme and never equals "\n".
        for raw in source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var scalars = Array(raw)
            if scalars.last == "\r" { scalars.removeLast() }
            if let line = try parse(scalars, line: number) { lines.append(line) }
        }
        return lines
    }

    private static func parse(_ scalars: [Unicode.Scalar], line: Int) throws(Diagnostic) -> SpecLine? {
        var items: [(Word, Word?)] = []
        var i = 0
        func isBlank(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" }
        func location(_ start: Int, _ end: Int) -> SourceLocation {
            SourceLocation(line: line, column: start + 1, length: end - start)
        }
        func quoted(from start: Int) throws(Diagnostic) -> Word {
            var text = ""
            var j = start + 1
            while j < scalars.count {
                let s = scalars[j]
                if s == "\\", j + 1 < scalars.count, scalars[j + 1] == "\"" || scalars[j + 1] == "\\" {
                    text.unicodeScalars.append(scalars[j + 1])
                    j += 2
                    continue
                }
                if s == "\"" {
                    i = j + 1
                    return Word(text: text, location: location(start, j + 1), quoted: true)
                }
                text.unicodeScalars.append(s)
                j += 1
            }
            throw Diagnostic(.unterminatedString, at: location(start, start + 1))
        }
        while i < scalars.count {
            if isBlank(scalars[i]) { i += 1; continue }
            if scalars[i] == "#" { break }
            if scalars[i] == "\"" {
                items.append((try quoted(from: i), nil))
                continue
            }
            let start = i
            var text = ""
            while i < scalars.count, !isBlank(scalars[i]), scalars[i] != "=" || text.isEmpty || items.isEmpty {
                text.unicodeScalars.append(scalars[i])
                i += 1
            }
            let word = Word(text: text, location: location(start, i), quoted: false)
            guard i < scalars.count, scalars[i] == "=" else {
                items.append((word, nil))
                continue
            }
            i += 1
            if i < scalars.count, scalars[i] == "\"" {
                items.append((word, try quoted(from: i)))
                continue
            }
            let valueStart = i
            var value = ""
            while i < scalars.count, !isBlank(scalars[i]) {
                value.unicodeScalars.append(scalars[i])
                i += 1
            }
            items.append((word, Word(text: value, location: location(valueStart, max(i, valueStart + 1)), quoted: false)))
        }
        guard let first = items.first else { return nil }
        var result = SpecLine(keyword: first.0, end: SourceLocation(line: line, column: scalars.count + 1))
        for (word, value) in items.dropFirst() {
            if let value {
                result.attributes.append(Attribute(key: word, value: value))
            } else {
                result.words.append(word)
            }
        }
        return result
    }
}
