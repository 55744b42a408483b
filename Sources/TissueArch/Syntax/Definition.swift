import TissueIR

/// `block NAME(p1, p2=DEFAULT) { BODY }` or `unit NAME(params) in WIDTH { BODY }`.
public struct Definition: Sendable, Equatable {
    public enum Kind: String, Sendable { case block, unit }

    public var kind: Kind
    public var name: String
    public var parameters: [Parameter]
    /// For a unit: the width of the channel piece it takes, in terms of its parameters.
    public var inputWidth: Expression?
    public var body: [Statement]
    /// Location of the definition's name.
    public var location: SourceLocation

    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var defaultValue: Expression?
        public var location: SourceLocation
    }
}
