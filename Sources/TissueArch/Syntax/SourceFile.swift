import TissueIR

/// The syntax tree of a whole `.arch` file: metadata, definitions and the top-level body.
public struct SourceFile: Sendable, Equatable {
    public var modelName: String?
    public var input: InputDeclaration?
    public var metadata = Metadata()
    /// Blocks and units in source order; names are unique across both.
    public private(set) var definitions: [Definition] = []
    /// Each name's first definition, so that a call finds its definition in constant time.
    private var definitionIndex: [String: Int] = [:]
    public var body: [Statement] = []

    public init() {}

    public struct InputDeclaration: Sendable, Equatable {
        public var dimensions: [Int]
        public var location: SourceLocation
    }

    public func definition(named name: String) -> Definition? {
        definitionIndex[name].map { definitions[$0] }
    }

    /// Adds a definition; a second one of the same name is kept (the parser reports it) but not
    /// found by ``definition(named:)``.
    public mutating func add(_ definition: Definition) {
        if definitionIndex[definition.name] == nil { definitionIndex[definition.name] = definitions.count }
        definitions.append(definition)
    }
}
