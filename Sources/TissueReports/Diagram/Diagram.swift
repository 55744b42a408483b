import TissueIR
import TissueNumerics

/// A drawing of a network, before layout: its boxes with their costs and how they connect.
///
/// Made from the graph's series-parallel layout (``Graph/regions``) when it has one, so that
/// residual branches and concatenations are drawn as such; otherwise from the graph itself, in
/// layers. With a `depth`, the nodes that share their first `depth` path components are rolled up
/// into one box whose costs are their sum (as `analyze --depth` rolls up its rows).
public struct Diagram: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        /// The series-parallel tree, the input box first.
        case regions([DiagramItem])
        /// A graph without one: boxes in topological order and the edges between them.
        case layered(boxes: [DiagramBox], edges: [Edge])
    }

    /// An edge of a layered diagram, as indices of its boxes.
    public struct Edge: Sendable, Hashable {
        public var from: Int
        public var to: Int
    }

    public var model: String
    /// `input 3x32x32 → output 10 · standard convention · 555.4M MACs`.
    public var caption: String
    public var metric: DiagramMetric
    public var convention: Convention
    /// The network's total of `metric`: each box shows its share of it.
    public var total: Int
    public var content: Content

    public init(network: Network, analysis: Analysis, metric: DiagramMetric = .macs, depth: Int? = nil) {
        let builder = DiagramBuilder(graph: network.graph, layers: analysis.layers, depth: depth)
        if let items = builder.items() {
            content = .regions(items)
        } else {
            let (boxes, edges) = builder.layered()
            content = .layered(boxes: boxes, edges: edges)
        }
        model = network.name
        self.metric = metric
        convention = analysis.convention
        total = metric.value(analysis.totals)
        caption = "input \(analysis.input) → output \(analysis.output) · \(analysis.convention.rawValue) convention · "
            + "\(NumberFormat.si(total)) \(metric.title)" + (depth.map { " · depth \($0)" } ?? "")
    }

    /// Every box, in drawing order.
    public var boxes: [DiagramBox] {
        switch content {
        case .regions(let items): items.flatMap(\.boxes)
        case .layered(let boxes, _): boxes
        }
    }

    /// The two lines written in a box: its title, and its detail followed by its share of the
    /// total (`64x32x32 · 3.1%`) when it has a cost.
    public func lines(_ box: DiagramBox) -> (title: String, detail: String) {
        guard let cost = box.cost else { return (box.title, box.detail) }
        return (box.title, box.detail + " · " + NumberFormat.percent(metric.value(cost), of: total))
    }
}
