import TissueIR

/// An error found in a user's input, with where it happened and how it was reached.
///
/// The sentence itself comes from ``DiagnosticKind``; this type adds the location and the
/// chain of block calls that expanded the offending statement ("in expansion of ...").
public struct Diagnostic: Error, Sendable, Equatable {
    public var kind: DiagnosticKind
    public var location: SourceLocation?
    /// Call sites, innermost first, of the blocks and units that expanded the failing statement.
    public var notes: [Note]

    public struct Note: Sendable, Equatable {
        public var message: String
        public var location: SourceLocation
        public init(message: String, location: SourceLocation) {
            self.message = message
            self.location = location
        }
    }

    public init(_ kind: DiagnosticKind, at location: SourceLocation?, notes: [Note] = []) {
        self.kind = kind
        self.location = location
        self.notes = notes
    }

    /// The one-line sentence, without location. Control characters of the user's own text (a
    /// quoted CSV field may hold a line break or a terminal escape sequence) are written as
    /// escapes, `\n` and `\u{1B}`, so that the message stays one line and inert.
    public var message: String {
        let text = kind.description
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.properties.generalCategory == .control:
                escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default:
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
