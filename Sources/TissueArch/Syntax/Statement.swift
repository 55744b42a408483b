import TissueIR

/// A statement inside a body (the top level, a block, a unit, or a composite's braces).
public struct Statement: Sendable, Equatable {
    public var kind: Kind
    /// Where the statement starts: its first token.
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    public enum Kind: Sendable, Equatable {
        /// `conv 64 k=3 p=1`: an operation, an optional positional value, attributes.
        case layer(Layer)
        /// `down(256)`: a call of a block defined with `block`.
        case call(Call)
        /// `residual { BODY } [shortcut { BODY }]`; a nil shortcut is the identity.
        case residual(body: [Statement], shortcut: [Statement]?)
        /// `scale { BODY }`: the input times what the body makes of it (a gate, broadcast).
        case scale(body: [Statement])
        /// `matmul { A } { B }`: `torch.matmul(A(x), B(x))`
        case matmul(left: [Statement], right: [Statement])
        /// `concat { A } { B } ...`, or `concat tokens { A } { B } ...` along the token axis
        case concat(branches: [[Statement]], along: ConcatAxis)
        /// `repeat N { BODY }`
        case `repeat`(count: Expression, body: [Statement])
        /// `stack N x unit(args), M x unit2(args)`
        case stack(items: [StackItem])
    }

    public struct Layer: Sendable, Equatable {
        public var keyword: OperationKind
        public var positional: Expression?
        public var attributes: [Attribute]
        /// `relu fn`: PyTorch calls it as a function rather than a module.
        public var function = false
    }

    public struct Attribute: Sendable, Equatable {
        public var name: String
        public var value: Expression
        /// Location of the attribute's name.
        public var location: SourceLocation
    }

    public struct Call: Sendable, Equatable {
        public var name: String
        public var arguments: [Argument]
        public var location: SourceLocation
    }

    /// A call argument: positional when `label` is nil.
    public struct Argument: Sendable, Equatable {
        public var label: String?
        public var value: Expression
        public var location: SourceLocation
    }

    public struct StackItem: Sendable, Equatable {
        public var count: Expression
        public var unit: Call
    }
}
