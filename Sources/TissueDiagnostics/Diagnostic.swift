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

    /// The one-line sentence, without location.
    public var message: String { kind.description }
}
