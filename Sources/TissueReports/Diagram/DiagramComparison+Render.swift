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

    /// The two networks as two DOT clusters; the boxes of replaced rows are highlighted, and each
    /// replaced row has a note with its savings beside its first box.
    public func dot() -> String {
        var writer = DiagramDOT(scale: scale, diagram: baseline)
        var notes: [(text: String, anchor: String)] = []
        let sides = [(baseline, baseStatements, \Row.base, "b"), (candidate, candidateStatements, \Row.candidate, "c")]
        var firstBoxes: [[String?]] = []
        for (diagram, statements, range, prefix) in sides {
            writer = DiagramDOT(scale: scale, diagram: diagram, text: writer.text, prefix: prefix)
            writer.open(cluster: "\(prefix == "b" ? "baseline" : "candidate"): \(diagram.model)")
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
            writer.close()
            for edge in writer.edges { writer.text += "  \(edge.from) -> \(edge.to);\n" }
            writer.edges = []
            firstBoxes.append(firsts)
        }
        for (index, row) in rows.enumerated() where row.changed {
            if let anchor = firstBoxes[1][index] ?? firstBoxes[0][index] {
                notes.append((savings(row).joined(separator: "\n"), anchor))
            }
        }
        for (index, note) in notes.enumerated() {
            writer.text += "  note\(index) [shape=note, style=filled, fillcolor=\"\(DiagramStyle.highlightFill)\", "
                + "label=\(DiagramDOT.quote(note.text))];\n"
            writer.text += "  note\(index) -> \(note.anchor) [style=dashed, arrowhead=none, constraint=false];\n"
        }
        return "digraph \(DiagramDOT.quote(baseline.model + " vs " + candidate.model)) {\n"
            + DiagramDOT.defaults(label: "\(baseline.model) vs \(candidate.model)") + writer.text + "}\n"
    }
}
