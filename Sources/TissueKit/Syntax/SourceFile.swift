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

/// Statements that describe the model rather than build it; later commands read them.
public struct Metadata: Sendable, Equatable {
    /// `accuracy 76.13` (percent), kept as written.
    public var accuracy: DecimalLiteral?
    public var dataset: String?
    public var budgets: [Budget] = []

    public init() {}
}

/// `budget params <= 11.2M`
public struct Budget: Sendable, Equatable {
    public enum Metric: String, Sendable, CaseIterable {
        case params, macs, flops, activations
    }

    public var metric: Metric
    /// The limit as an exact integer (`11.2M` is 11_200_000).
    public var limit: Int
    /// The limit as the user wrote it, for messages.
    public var written: String
    public var location: SourceLocation
}

/// A decimal number kept as written, with its value as a Double for arithmetic.
public struct DecimalLiteral: Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var value: Double
    public var description: String { text }

    public init?(_ text: String) {
        guard let value = Double(text), value.isFinite else { return nil }
        self.text = text
        self.value = value
    }
}
