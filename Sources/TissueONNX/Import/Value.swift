import TissueIR

/// What an ONNX value name stands for while a graph is read.
enum Value {
    /// Data computed from the inputs: a node of the IR in one of the builders.
    case activation(Activation)
    /// A tensor whose elements are known (shape arithmetic, `Constant` nodes, integer initializers).
    case constant(Constant)
    /// A weight: its shape, never its values (unless it is small).
    case weight(Weight)
    /// A channel range of an activation, not placed yet (see `Importer+Stacks`).
    case piece(Int)
}

/// An IR node in the builder of `scope`. `batchFirst`: the ONNX tensor is `[N] + IR shape`; when
/// false (a layout op moved the batch), the IR shape is the whole ONNX shape.
struct Activation {
    var scope: Int
    var node: NodeID
    var batchFirst: Bool
}

/// A tensor of known elements. An integer element is nil when it depends on an unbound symbolic
/// dimension (the batch of `Shape(x)`).
struct Constant {
    enum Elements {
        case integers([Int64?])
        case reals([Double])
    }

    var dims: [Int]
    var elements: Elements

    init(dims: [Int], elements: Elements) {
        self.dims = dims
        self.elements = elements
    }

    init(integers: [Int64?], dims: [Int]? = nil) {
        self.init(dims: dims ?? [integers.count], elements: .integers(integers))
    }

    var count: Int {
        switch elements {
        case .integers(let values): values.count
        case .reals(let values): values.count
        }
    }

    /// The elements as integers (reals truncated, as Cast does); nil for an unknown one.
    var integers: [Int64?] {
        switch elements {
        case .integers(let values): values
        case .reals(let values): values.map { $0.isFinite && abs($0) < 9.2e18 ? Int64($0) : nil }
        }
    }

    /// The elements as reals; nil for an unknown one.
    var reals: [Double?] {
        switch elements {
        case .integers(let values): values.map { $0.map(Double.init) }
        case .reals(let values): values
        }
    }

    var isInteger: Bool {
        if case .integers = elements { return true }
        return false
    }

    /// The single value of a one-element tensor.
    var scalar: Double? { count == 1 ? reals[0] : nil }
}

/// A weight: an initializer, or a graph input that only feeds weight slots (parameters exported
/// as inputs). `values` holds a small tensor's elements when the file has them.
struct Weight {
    var dims: [Int]
    var name: String
    var values: Constant?
}

/// The values bound so far, by name. A trial reading ahead (`Importer+Attention`) starts from
/// the importer's values as its `base`, shared and never written, so that it costs only what it
/// binds itself, not a copy of every value of the graph.
struct ValueTable {
    private var own: [String: Value] = [:]
    private var base: [String: Value] = [:]

    subscript(name: String) -> Value? {
        get { own[name] ?? base[name] }
        set { own[name] = newValue }
    }

    /// A table that reads these values and writes its own.
    func layered() -> ValueTable {
        var table = ValueTable()
        if base.isEmpty {
            table.base = own
        } else {
            // A trial of a trial (not made today): flatten once.
            table.base = base.merging(own) { $1 }
        }
        return table
    }
}
