/// What a node is. Computation (``Operation``) is kept apart from structure, so that a switch
/// over operations never has an arm for an input or a composite.
public enum NodeKind: Sendable, Hashable {
    /// A named input of the graph; its shape is given, not inferred.
    case input(name: String)
    /// One computation.
    case operation(Operation)
    /// A stacked layer of independent units (the paper's Section 3.2).
    case stack(Stack)
    /// An operation a front end read but the IR does not model (an ONNX operator without a
    /// rule): kept with its name and the output shape the file declares, counted as nothing and
    /// flagged, so that totals become lower bounds instead of silently wrong.
    case opaque(OpaqueOperation)
}

/// How PyTorch calls an operation, which decides what the module-hook tools see: `nn.ReLU()`
/// is a module that thop hooks and ptflops counts twice (its hook and the patched `F.relu`
/// it calls); `F.relu(x)` is a function thop never sees and ptflops counts once.
public enum CallForm: Sendable, Hashable {
    case module
    case function
}

/// An operation the IR does not model, as a front end found it.
public struct OpaqueOperation: Sendable, Hashable {
    /// The operator's name where it came from, e.g. `ONNX GridSample`.
    public let name: String
    /// The output shape the source declares.
    public let outputShape: TensorShape

    public init(name: String, outputShape: TensorShape) {
        self.name = name
        self.outputShape = outputShape
    }
}

/// One node: what it is, the nodes it reads, its inferred output shape, and where it came from.
/// Nodes are made only by ``GraphBuilder``, which infers and checks the shape.
public struct Node: Sendable, Hashable {
    public let id: NodeID
    public let kind: NodeKind
    public let inputs: [NodeID]
    public let outputShape: TensorShape
    /// The structural name, e.g. `stage2/down/residual/conv1`.
    public let path: NodePath
    /// Where a front end read it (a line of an `.arch` file), if it was read from text.
    public let location: SourceLocation?
    /// How PyTorch calls the operation: as a module or as a function. Only the tool
    /// conventions look at it (thop, for one, never sees a function).
    public let form: CallForm

    init(id: NodeID, kind: NodeKind, inputs: [NodeID], outputShape: TensorShape, path: NodePath,
         location: SourceLocation?, form: CallForm = .module) {
        self.id = id
        self.kind = kind
        self.inputs = inputs
        self.outputShape = outputShape
        self.path = path
        self.location = location
        self.form = form
    }

    /// The node's computation, or nil for an input or a stacked layer.
    public var operation: Operation? {
        if case .operation(let operation) = kind { return operation }
        return nil
    }

    /// The node's stacked layer, if it is one.
    public var stack: Stack? {
        if case .stack(let stack) = kind { return stack }
        return nil
    }
}
