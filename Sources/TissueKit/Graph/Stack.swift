/// A stacked layer (the paper's Section 3.2): the input channels are split, in order, into
/// pieces of each unit's width; every unit runs on its own piece; the outputs are concatenated
/// in the same order. Units are independent sub-graphs, so the weights stay dense per unit.
public struct Stack: Sendable, Equatable {
    public var units: [Unit]

    public init(units: [Unit]) {
        self.units = units
    }

    public struct Unit: Sendable, Equatable {
        /// The unit definition's name, e.g. `bu`.
        public var name: String
        /// Input channels of this unit's piece.
        public var width: Int
        /// The unit's body, whose input node has the piece's shape.
        public var graph: Graph

        public init(name: String, width: Int, graph: Graph) {
            self.name = name
            self.width = width
            self.graph = graph
        }
    }
}
