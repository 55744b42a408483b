import TissueIR

/// The syntax tree of a whole `.arch` file: metadata, definitions and the top-level body.
public struct SourceFile: Sendable, Equatable {
    public var modelName: String?
    public var input: InputDeclaration?
    public var metadata = Metadata()
    /// Blocks and units in source order; names are unique across both.
    public var definitions: [Definition] = []
    public var body: [Statement] = []

    public init() {}

    public struct InputDeclaration: Sendable, Equatable {
        public var dimensions: [Int]
        public var location: SourceLocation
    }

    public func definition(named name: String) -> Definition? {
        definitions.first { $0.name == name }
    }
}
