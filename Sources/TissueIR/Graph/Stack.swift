/// A stacked layer (the paper's Section 3.2): the input channels are split, in order, into
/// pieces of each unit's width; every unit runs on its own piece; the outputs are concatenated
/// in the same order. Units are independent sub-graphs, so the weights stay dense per unit.
public struct Stack: Sendable, Hashable {
    public let units: [Unit]

    public init(units: [Unit]) {
        self.units = units
    }

    public struct Unit: Sendable, Hashable {
        /// The unit's name, e.g. `bu`.
        public let name: String
        /// The unit's body: one input (the piece) and one output.
        public let graph: Graph
        /// The parametric unit this one instantiates, when known, so that back ends can print
        /// `stack 32 x bu(2, 4, 4)` rather than a copy of each body.
        public let origin: UnitOrigin?

        public init(name: String, graph: Graph, origin: UnitOrigin? = nil) {
            self.name = name
            self.graph = graph
            self.origin = origin
        }

        /// Input channels of this unit's piece.
        public var width: Int { graph.inputShape.channels }
    }

    /// Units grouped into runs of equal name: `[("bu", 32)]`, or `[("u", 16), ("v", 8)]`.
    public var runs: [(name: String, count: Int)] {
        var runs: [(name: String, count: Int)] = []
        for unit in units {
            if let last = runs.last, last.name == unit.name {
                runs[runs.count - 1].count += 1
            } else {
                runs.append((unit.name, 1))
            }
        }
        return runs
    }

    /// `stack 64×bu`, `stack 16×u, 8×v`.
    public var summary: String {
        "stack " + runs.map { "\($0.count)×\($0.name)" }.joined(separator: ", ")
    }
}

/// A unit as an instance of a parametric template, with the arguments it was made with.
public struct UnitOrigin: Sendable, Hashable {
    public let template: UnitTemplate
    public let arguments: [Int]

    public init(template: UnitTemplate, arguments: [Int]) {
        self.template = template
        self.arguments = arguments
    }
}
