/// A diagram on its page: the title, the caption and the colour legend above the drawing,
/// centred, with margins. What the SVG renderer draws and the layout tests measure.
struct DiagramPage {
    struct LegendEntry {
        var fill: String
        var label: String
        var swatch: ChartBox
        /// The label's estimated extent, right of the swatch.
        var text: ChartBox
    }

    var width: Double
    var height: Double
    var title: String
    var caption: String
    var legendTitle: String
    var legend: [LegendEntry]
    var body: DiagramLayout
    /// Where the body's origin lies on the page.
    var offset: DiagramPoint

    static let titleSize = 15.0, captionSize = 11.0, legendSize = 11.0

    init(_ diagram: Diagram) {
        self.init(title: diagram.model, caption: diagram.caption, scale: DiagramColorScale(diagram),
                  body: DiagramLayouter(diagram: diagram).body())
    }

    /// `body` centred below the header, whose legend shows `scale`.
    init(title: String, caption: String, scale: DiagramColorScale, body: DiagramLayout, legendTitle: String? = nil) {
        let margin = DiagramStyle.margin
        self.title = title
        self.caption = caption
        self.legendTitle = legendTitle ?? "share of \(scale.metric.title):"
        var x = margin + ChartStyle.textWidth(self.legendTitle, size: Self.legendSize) + 10
        legend = scale.legend.map { entry in
            let swatch = ChartBox(x: x, y: 62, width: 14, height: 12)
            let width = ChartStyle.textWidth(entry.label, size: Self.legendSize)
            let text = ChartBox(x: x + 19, y: 62, width: width, height: 13)
            x += 19 + width + 14
            return LegendEntry(fill: entry.fill, label: entry.label, swatch: swatch, text: text)
        }
        let header = max(x, margin + DiagramStyle.boldWidth(self.title, size: Self.titleSize),
                         margin + ChartStyle.textWidth(caption, size: Self.captionSize)) + margin
        width = max(header, body.width + 2 * margin).rounded(.up)
        height = (DiagramStyle.headerHeight + body.height + margin).rounded(.up)
        offset = DiagramPoint(x: ((width - body.width) / 2).rounded(), y: DiagramStyle.headerHeight)
        var placed = DiagramLayout(width: body.width, height: body.height, entries: body.entries, exit: body.exit)
        placed.add(body, dx: offset.x, dy: offset.y)
        self.body = placed
    }
}
