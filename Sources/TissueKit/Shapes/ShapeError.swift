/// A shape that cannot be inferred; the expander attaches the statement's location.
public struct ShapeError: Error, Sendable, Equatable {
    public var kind: DiagnosticKind

    public init(_ kind: DiagnosticKind) {
        self.kind = kind
    }
}
