import TissueIR

/// Renders a ``Diagnostic`` the way compilers do:
///
///     model.arch:4:9: error: unknown operation 'rleu'; did you mean 'relu'?
///     conv 64 k=3; rleu
///                  ^~~~
///     model.arch:12:1: note: in expansion of block 'down' called here
///
/// Pure string building: the CLI decides where it goes.
public struct DiagnosticRenderer: Sendable {
    public var fileName: String
    public var source: String

    public init(fileName: String, source: String) {
        self.fileName = fileName
        self.source = source
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var out = ""
        if let location = diagnostic.location {
            out += "\(fileName):\(location.line):\(location.column): error: \(diagnostic.message)\n"
            out += excerpt(at: location)
        } else {
            out += "\(fileName): error: \(diagnostic.message)\n"
        }
        // A runaway recursion has one note per level; the innermost and outermost tell the story.
        let notes = diagnostic.notes
        let shown = notes.count > 6 ? Array(notes.prefix(3)) + Array(notes.suffix(2)) : notes
        for (index, note) in shown.enumerated() {
            if notes.count > 6, index == 3 {
                out += "(\(notes.count - 5) more calls)\n"
            }
            out += "\(fileName):\(note.location.line):\(note.location.column): note: \(note.message)\n"
            out += excerpt(at: note.location)
        }
        return out
    }

    private func excerpt(at location: SourceLocation) -> String {
        // Split on the scalar "\n": in Swift "\r\n" is one Character, so Character splitting would
        // miss Windows line ends.
        let lines = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        guard location.line >= 1, location.line <= lines.count else { return "" }
        var scalars = String.UnicodeScalarView(lines[location.line - 1])
        if scalars.last == "\r" { scalars.removeLast() }
        let line = String(scalars).replacingTabs()
        let pad = String(repeating: " ", count: max(0, location.column - 1))
        let underline = "^" + String(repeating: "~", count: max(0, location.length - 1))
        return "\(line)\n\(pad)\(underline)\n"
    }
}

extension String {
    /// Tabs become single spaces so that the caret lines up with the column number.
    fileprivate func replacingTabs() -> String {
        String(unicodeScalars.map { $0 == "\t" ? " " : Character($0) })
    }
}
