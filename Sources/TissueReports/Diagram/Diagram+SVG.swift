extension Diagram {
    /// The diagram as a standalone SVG document: title, caption, colour legend, and the drawing.
    /// `id` names the arrowhead marker, which must be unique in an HTML page holding several.
    public func svg(id: String = "diagram") -> String {
        let page = DiagramPage(self)
        var svg = SVGWriter(width: page.width, height: page.height)
        DiagramSVG.header(page, into: &svg)
        DiagramSVG.defineArrow(id: id, into: &svg)
        DiagramSVG.draw(page.body, scale: DiagramColorScale(self), arrow: id, into: &svg)
        return svg.document
    }
}

/// Drawing a laid-out diagram with ``SVGWriter``: frames under edges under boxes, every box a
/// group carrying its path (`data-path`) and a tooltip, so a page can find and highlight it.
enum DiagramSVG {
    static func header(_ page: DiagramPage, into svg: inout SVGWriter) {
        let margin = DiagramStyle.margin
        svg.text(page.title, x: margin, y: 28, size: DiagramPage.titleSize, weight: "bold")
        svg.text(page.caption, x: margin, y: 47, size: DiagramPage.captionSize, fill: ChartStyle.mutedText)
        svg.open("g", [("class", "legend")])
        svg.text(page.legendTitle, x: margin, y: 72, size: DiagramPage.legendSize, fill: ChartStyle.mutedText)
        for entry in page.legend {
            svg.element("rect", [("x", n(entry.swatch.x)), ("y", n(entry.swatch.y)), ("width", n(entry.swatch.width)),
                                 ("height", n(entry.swatch.height)), ("fill", entry.fill), ("stroke", DiagramStyle.borderColor),
                                 ("stroke-width", "0.6")])
            svg.text(entry.label, x: entry.text.x, y: 72, size: DiagramPage.legendSize)
        }
        svg.close("g")
    }

    static func defineArrow(id: String, into svg: inout SVGWriter) {
        svg.open("defs")
        svg.open("marker", [("id", id + "-arrow"), ("viewBox", "0 0 8 8"), ("refX", "8"), ("refY", "4"),
                            ("markerWidth", "6"), ("markerHeight", "6"), ("orient", "auto")])
        svg.element("path", [("d", "M0,0 L8,4 L0,8 z"), ("fill", DiagramStyle.edgeColor)])
        svg.close("marker")
        svg.close("defs")
    }

    static func draw(_ layout: DiagramLayout, scale: DiagramColorScale, arrow: String,
                     highlighted: Set<Int> = [], into svg: inout SVGWriter) {
        svg.open("g", [("class", "frames")])
        for frame in layout.frames {
            svg.element("rect", [("class", "frame"), ("x", n(frame.x)), ("y", n(frame.y)), ("width", n(frame.width)),
                                 ("height", n(frame.height)), ("rx", "6"), ("fill", DiagramStyle.frameFill),
                                 ("stroke", DiagramStyle.frameColor), ("stroke-dasharray", "4 3")])
        }
        svg.close("g")
        svg.open("g", [("class", "edges"), ("fill", "none"), ("stroke", DiagramStyle.edgeColor), ("stroke-width", "1.2")])
        for edge in layout.edges {
            var attributes = [("points", edge.points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " "))]
            if edge.arrow { attributes.append(("marker-end", "url(#\(arrow)-arrow)")) }
            svg.element("polyline", attributes)
        }
        svg.close("g")
        svg.open("g", [("class", "boxes")])
        for (index, placed) in layout.boxes.enumerated() {
            box(placed, scale: scale, highlighted: highlighted.contains(index), into: &svg)
        }
        svg.close("g")
    }

    static func box(_ placed: PlacedBox, scale: DiagramColorScale, highlighted: Bool,
                    into svg: inout SVGWriter) {
        let frame = placed.frame, m = placed.metrics
        svg.open("g", [("class", "box " + role(placed.box.role)), ("data-path", placed.box.path)])
        svg.element("title", [], text: placed.box.tooltip)
        var attributes = [("x", n(frame.x)), ("y", n(frame.y)), ("width", n(frame.width)), ("height", n(frame.height)),
                          ("rx", "4"), ("fill", scale.fill(placed.box))]
        if highlighted {
            attributes += [("stroke", DiagramStyle.highlightBorder), ("stroke-width", "2")]
        } else {
            attributes += [("stroke", DiagramStyle.borderColor), ("stroke-width", "0.8")]
        }
        if case .ellipsis = placed.box.role { attributes.append(("stroke-dasharray", "3 2")) }
        svg.element("rect", attributes)
        let x = frame.x + frame.width / 2, color = scale.textColor(placed.box)
        svg.text(placed.title, x: x, y: frame.y + m.titleBaseline, anchor: "middle", size: m.titleSize, weight: "bold",
                 fill: color)
        svg.text(placed.detail, x: x, y: frame.y + m.detailBaseline, anchor: "middle", size: m.detailSize, fill: color)
        svg.close("g")
    }

    static func role(_ role: DiagramBox.Role) -> String {
        switch role {
        case .input: "input"
        case .layer: "layer"
        case .block: "block"
        case .piece: "piece"
        case .ellipsis: "ellipsis"
        case .concat: "concat"
        }
    }

    static func n(_ value: Double) -> String { SVGWriter.number(value) }
}
