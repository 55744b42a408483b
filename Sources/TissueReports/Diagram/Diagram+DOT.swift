extension Diagram {
    /// The diagram as a Graphviz DOT graph, top to bottom: one node per box, coloured as in the
    /// SVG, and each stacked layer as a dashed cluster of its units. Graphviz does its own layout.
    public func dot() -> String {
        var writer = DiagramDOT(scale: DiagramColorScale(self), diagram: self)
        writer.write(self, cluster: nil)
        return "digraph \(DiagramDOT.quote(model)) {\n" + DiagramDOT.defaults(label: model + "\n" + caption)
            + writer.text + "}\n"
    }
}

/// Writes diagram items as DOT statements: nodes where they are drawn, edges from each item's
/// exit to the next item's entries (the identity of a residual is an edge from its fork to its join).
struct DiagramDOT {
    let scale: DiagramColorScale
    let diagram: Diagram
    var text = ""
    var edges: [(from: String, to: String)] = []
    var count = 0
    var clusters = 0
    var indent = "  "
    /// Prefixes node names, so two diagrams can share one graph.
    var prefix = "n"

    static func defaults(label: String) -> String {
        "  graph [rankdir=TB, labelloc=t, fontname=\"Helvetica\", fontsize=12, label=\(quote(label))];\n"
            + "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10, color=\"\(DiagramStyle.borderColor)\"];\n"
            + "  edge [color=\"\(DiagramStyle.edgeColor)\", arrowsize=0.7];\n"
    }

    /// A DOT string: quoted, with backslashes and quotes escaped and line breaks as `\n`.
    static func quote(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r", "\t": out += " "
            default: out.append(character)
            }
        }
        return out + "\""
    }

    /// The nodes and, at the end, the edges of a whole diagram; `cluster` wraps it in a labelled cluster.
    mutating func write(_ diagram: Diagram, cluster: String?, highlighted: (DiagramBox) -> Bool = { _ in false }) {
        if let cluster { open(cluster: cluster) }
        switch diagram.content {
        case .regions(let items):
            _ = sequence(items, highlighted: highlighted)
        case .layered(let boxes, let edges):
            let names = boxes.map { node($0, highlighted: highlighted($0)) }
            for edge in edges { self.edges.append((names[edge.from], names[edge.to])) }
        }
        if cluster != nil { close() }
        for edge in edges { text += "  \(edge.from) -> \(edge.to);\n" }
        edges = []
    }

    mutating func open(cluster label: String) {
        text += "\(indent)subgraph cluster_\(prefix)\(clusters) {\n"
        clusters += 1
        indent += "  "
        text += "\(indent)style=\"dashed,rounded\"; color=\"\(DiagramStyle.frameColor)\"; label=\(Self.quote(label));\n"
    }

    mutating func close() {
        indent.removeLast(2)
        text += "\(indent)}\n"
    }

    mutating func node(_ box: DiagramBox, highlighted: Bool) -> String {
        let name = "\(prefix)\(count)"
        count += 1
        let lines = diagram.lines(box)
        var attributes = ["label=\(Self.quote(lines.title + "\n" + lines.detail))",
                          "fillcolor=\"\(scale.fill(box))\"", "tooltip=\(Self.quote(box.tooltip))"]
        if scale.textColor(box) != "#222222" { attributes.append("fontcolor=\"\(scale.textColor(box))\"") }
        if case .ellipsis = box.role { attributes.append("style=\"rounded,dashed\"") }
        if highlighted { attributes += ["color=\"\(DiagramStyle.highlightBorder)\"", "penwidth=2"] }
        text += "\(indent)\(name) [\(attributes.joined(separator: ", "))];\n"
        return name
    }

    /// Writes a sequence; returns its entries (names the item before must point to) and its exit.
    mutating func sequence(_ items: [DiagramItem], highlighted: (DiagramBox) -> Bool) -> (entries: [String], exit: String?) {
        var entries: [String] = []
        var exit: String?
        for item in items {
            let written = self.item(item, highlighted: highlighted)
            if let exit {
                for entry in written.entries { edges.append((exit, entry)) }
            } else {
                entries = written.entries
            }
            exit = written.exit
        }
        return (entries, exit)
    }

    mutating func item(_ item: DiagramItem, highlighted: (DiagramBox) -> Bool) -> (entries: [String], exit: String?) {
        switch item {
        case .box(let box):
            let name = node(box, highlighted: highlighted(box))
            return ([name], name)
        case .parallel(let branches, let join):
            return parallel(branches, join: join, highlighted: highlighted)
        case .stack(let head, let columns, let concat):
            open(cluster: "")
            let top = node(head, highlighted: highlighted(head))
            let units = parallel(columns, join: concat, highlighted: highlighted)
            for entry in units.entries { edges.append((top, entry)) }
            close()
            return ([top], units.exit)
        }
    }

    mutating func parallel(_ branches: [[DiagramItem]], join: DiagramBox,
                           highlighted: (DiagramBox) -> Bool) -> (entries: [String], exit: String?) {
        var entries: [String] = []
        var ends: [String] = []
        var identity = false
        for branch in branches {
            let written = sequence(branch, highlighted: highlighted)
            if let exit = written.exit {
                entries += written.entries
                ends.append(exit)
            } else {
                identity = true
            }
        }
        let name = node(join, highlighted: highlighted(join))
        for end in ends { edges.append((end, name)) }
        if identity { entries.append(name) }
        return (entries, name)
    }
}
