extension DiagramComparison {
    /// The two networks side by side as a standalone SVG document.
    public func svg(id: String = "comparison") -> String {
        let layout = page()
        let page = layout.page
        var svg = SVGWriter(width: page.width, height: page.height)
        DiagramSVG.header(page, into: &svg)
        DiagramSVG.defineArrow(id: id, into: &svg)
        svg.open("g", [("class", "replaced")])
        for band in layout.bands {
            svg.element("rect", [("x", DiagramSVG.n(band.x)), ("y", DiagramSVG.n(band.y)), ("width", DiagramSVG.n(band.width)),
                                 ("height", DiagramSVG.n(band.height)), ("rx", "6"), ("fill", DiagramStyle.highlightFill)])
        }
        for saving in layout.savings {
            for (index, line) in saving.lines.enumerated() {
                svg.text(line, x: saving.box.x, y: saving.box.y + 11 + Double(index) * Self.savingsLine,
                         size: Self.savingsSize, weight: index == 0 ? "bold" : nil,
                         fill: index == 0 ? DiagramStyle.highlightBorder : ChartStyle.mutedText)
            }
        }
        svg.close("g")
        for heading in layout.headings {
            svg.text(heading.text, x: heading.box.x, y: heading.box.y + 12, size: Self.headingSize, weight: "bold")
        }
        DiagramSVG.draw(page.body, scale: scale, arrow: id, highlighted: layout.highlighted, into: &svg)
        return svg.document
    }

    /// The two networks side by side in DOT, each under a heading, matched rows on one rank; the
    /// boxes of replaced rows are highlighted, and each has a note with its savings beside it.
    public func dot() -> String {
        var writer = DiagramDOT(scale: scale, diagram: baseline)
        var notes: [(text: String, anchor: String)] = []
        let sides = [(baseline, baseStatements, \Row.base, "b"), (candidate, candidateStatements, \Row.candidate, "c")]
        var firstBoxes: [[String?]] = []
        for (diagram, statements, range, prefix) in sides {
            writer = DiagramDOT(scale: scale, diagram: diagram, text: writer.text, prefix: prefix)
            // A heading over each side rather than a cluster: Graphviz breaks clusters whose
            // nodes are ranked with nodes outside them, and the rows must line up.
            let heading = "\(prefix == "b" ? "baseline" : "candidate"): \(diagram.model)"
            writer.text += "  \(prefix)h [shape=plaintext, style=\"\", fontsize=12, label=\(DiagramDOT.quote(heading))];\n"
            writer.text += "  \(prefix)h -> \(prefix)\(writer.count) [style=invis];\n"
            var firsts: [String?] = []
            if case .regions = diagram.content {
                var exit: String?
                for row in rows {
                    let items = statements[row[keyPath: range]].flatMap { $0 }
                    let first = "\(prefix)\(writer.count)"
                    let written = writer.sequence(items) { _ in row.changed }
                    firsts.append(items.isEmpty ? nil : first)
                    if let exit { for entry in written.entries { writer.edges.append((exit, entry)) } }
                    exit = written.exit ?? exit
                }
            } else {
                let first = "\(prefix)\(writer.count)"
                writer.write(diagram, cluster: nil) { _ in rows.contains(where: \.changed) }
                firsts = rows.map { _ in first }
            }
            for edge in writer.edges { writer.text += "  \(edge.from) -> \(edge.to);\n" }
            writer.edges = []
            firstBoxes.append(firsts)
        }
        writer.text += "  { rank=same; bh; ch; }\n"
        for (index, row) in rows.enumerated() {
            let firsts = [firstBoxes[0][index], firstBoxes[1][index]].compactMap { $0 }
            if row.changed, let anchor = firsts.last {
                notes.append((savings(row).joined(separator: "\n"), anchor))
            }
            // Rows line up across the clusters, as in the SVG.
            if firsts.count == 2, !row.changed { writer.text += "  { rank=same; \(firsts[0]); \(firsts[1]); }\n" }
        }
        for (index, note) in notes.enumerated() {
            writer.text += "  note\(index) [shape=note, style=filled, fillcolor=\"\(DiagramStyle.highlightFill)\", "
                + "label=\(DiagramDOT.quote(note.text))];\n"
            writer.text += "  note\(index) -> \(note.anchor) [style=dashed, arrowhead=none, constraint=false];\n"
            writer.text += "  { rank=same; note\(index); \(note.anchor); }\n"
        }
        return "digraph \(DiagramDOT.quote(baseline.model + " vs " + candidate.model)) {\n"
            + DiagramDOT.defaults(label: "\(baseline.model) vs \(candidate.model)") + writer.text + "}\n"
    }
}
