import TissueIR

/// A scatter chart rendered to standalone SVG by `tissue` itself.
///
/// The reusable API for every x–y chart of the tool (accuracy vs FLOPs, accuracy vs params,
/// CE vs SE, and a sweep's Pareto front):
///
///     var chart = ScatterChart(title: "Accuracy vs FLOPs",
///                              x: ChartAxis("FLOPs (G)", scale: .automatic), y: ChartAxis("Top-1 accuracy (%)"))
///     chart.series.append(ScatterSeries(name: "candidates", color: ChartStyle.color(0), marker: .circle,
///                                       points: [ChartPoint(x: 1.57, y: 70.4, label: "n=4")]))
///     // A Pareto front: the front's points in x order, joined by a staircase.
///     chart.series.append(ScatterSeries(name: "Pareto front", color: ChartStyle.color(1), marker: .diamond,
///                                       points: front, line: .steps))
///     let svg = chart.svg()
///
/// Points keep the order given; labels are placed so they do not overlap (``LabelPlacer``);
/// `legend` defaults to one entry per named series. Output is deterministic.
public struct ScatterChart: Sendable {
    public var title: String
    public var x: ChartAxis
    public var y: ChartAxis
    public var series: [ScatterSeries] = []
    /// Dashed lines across the plot, such as CE = 1.
    public var references: [ReferenceLine] = []
    /// Legend entries; nil means one per series with a name.
    public var legend: [LegendEntry]?
    /// Lines of small text under the chart (what was left out, the source).
    public var notes: [String] = []
    public var width: Double = 820
    public var height: Double = 520

    public init(title: String, x: ChartAxis, y: ChartAxis) {
        self.title = title
        self.x = x
        self.y = y
    }

    public func svg() -> String {
        let legendEntries = legend ?? series.filter { !$0.name.isEmpty }.map {
            LegendEntry(label: $0.name, color: $0.color, marker: $0.marker, hollow: $0.hollow)
        }
        let legendWidth = legendEntries.isEmpty ? 0 : min(230, (legendEntries.map { ChartStyle.textWidth($0.label) }.max() ?? 0) + 36)
        let noteLines = notes.flatMap { ChartText.wrap($0, width: width - 90, size: 11) }
        let canvasHeight = height + (noteLines.isEmpty ? 0 : Double(noteLines.count) * 15 + 6)
        let plot = ChartBox(x: 72, y: 48, width: width - 72 - 24 - legendWidth - (legendWidth > 0 ? 16 : 0),
                            height: height - 48 - 64)
        let points = series.flatMap(\.points)
        let xAxis = x.resolve(points.map(\.x) + references.filter { $0.axis == .x }.map(\.value))
        let yAxis = y.resolve(points.map(\.y) + references.filter { $0.axis == .y }.map(\.value))
        func px(_ v: Double) -> Double { plot.x + xAxis.fraction(v) * plot.width }
        func py(_ v: Double) -> Double { plot.maxY - yAxis.fraction(v) * plot.height }

        var svg = SVGWriter(width: width, height: canvasHeight)
        svg.text(ChartText.shorten(title, width: width - plot.x - 20, size: 18), x: plot.x, y: 28, size: 15, weight: "bold")
        ChartText.drawFrame(into: &svg, plot: plot, xAxis: xAxis, yAxis: yAxis, xLabel: x.label, yLabel: y.label)
        for reference in references {
            if reference.axis == .x {
                let xv = px(reference.value)
                svg.line(xv, plot.y, xv, plot.maxY, stroke: "#999999", dash: "5 4")
                svg.text(reference.label, x: xv + 4, y: plot.y + 12, size: 11, fill: ChartStyle.mutedText)
            } else {
                let yv = py(reference.value)
                svg.line(plot.x, yv, plot.maxX, yv, stroke: "#999999", dash: "5 4")
                svg.text(reference.label, x: plot.maxX - 4, y: yv - 4, anchor: "end", size: 11, fill: ChartStyle.mutedText)
            }
        }
        let radius = 5.5
        svg.open("g", [("class", "series")])
        for s in series where s.line != .none && s.points.count > 1 {
            var path = ""
            for (i, p) in s.points.enumerated() {
                let (xv, yv) = (SVGWriter.number(px(p.x)), SVGWriter.number(py(p.y)))
                if i == 0 {
                    path += "M\(xv) \(yv)"
                } else if s.line == .steps {
                    path += " H\(xv) V\(yv)"
                } else {
                    path += " L\(xv) \(yv)"
                }
            }
            svg.element("path", [("d", path), ("fill", "none"), ("stroke", s.color), ("stroke-width", "1.5")])
        }
        var markers: [ChartBox] = []
        for s in series {
            for p in s.points {
                s.marker.draw(into: &svg, x: px(p.x), y: py(p.y), r: radius, color: s.color, hollow: s.hollow)
                markers.append(ChartBox(x: px(p.x) - radius - 1, y: py(p.y) - radius - 1, width: 2 * radius + 2, height: 2 * radius + 2))
            }
        }
        svg.close("g")
        var placer = LabelPlacer(bounds: ChartBox(x: plot.x + 2, y: plot.y + 2, width: plot.width - 4, height: plot.height - 4),
                                 obstacles: markers)
        svg.open("g", [("class", "labels")])
        for s in series {
            for p in s.points {
                guard let label = p.label, !label.isEmpty else { continue }
                let at = placer.place(label, x: px(p.x), y: py(p.y), size: 11, radius: radius)
                if at.leader {
                    // From the marker's edge to the nearest point of the label's box.
                    let (x0, y0) = (px(p.x), py(p.y))
                    let tx = min(max(x0, at.box.x), at.box.maxX), ty = min(max(y0, at.box.y), at.box.maxY)
                    let length = ((tx - x0) * (tx - x0) + (ty - y0) * (ty - y0)).squareRoot()
                    if length > radius + 2 {
                        let k = (radius + 1) / length
                        svg.line(x0 + (tx - x0) * k, y0 + (ty - y0) * k, tx, ty, stroke: "#999999", width: 0.8)
                    }
                }
                svg.text(label, x: at.x, y: at.baseline, anchor: at.anchor, size: 11, fill: "#222222")
            }
        }
        svg.close("g")
        if !legendEntries.isEmpty {
            ChartText.drawLegend(into: &svg, entries: legendEntries, x: plot.maxX + 16, y: plot.y, width: legendWidth)
        }
        for (i, line) in noteLines.enumerated() {
            svg.text(line, x: 20, y: height + 2 + Double(i) * 15, size: 11, fill: ChartStyle.mutedText)
        }
        return svg.document
    }
}

/// A named set of points drawn alike.
public struct ScatterSeries: Sendable {
    public var name: String
    public var color: String
    public var marker: ChartMarker
    /// White-filled markers, for points that matter less (published methods).
    public var hollow: Bool
    public var points: [ChartPoint]
    public var line: ChartLine

    public init(name: String, color: String, marker: ChartMarker = .circle, hollow: Bool = false,
                points: [ChartPoint] = [], line: ChartLine = .none) {
        self.name = name
        self.color = color
        self.marker = marker
        self.hollow = hollow
        self.points = points
        self.line = line
    }
}

public struct ChartPoint: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var label: String?

    public init(x: Double, y: Double, label: String? = nil) {
        self.x = x
        self.y = y
        self.label = label
    }
}

/// How a series' points are joined: not at all, straight segments, or a staircase
/// (horizontal then vertical, as a Pareto front is drawn).
public enum ChartLine: String, Sendable, Hashable {
    case none, straight, steps
}

/// A dashed line at a constant x or y, with a short label.
public struct ReferenceLine: Sendable, Hashable {
    public enum Axis: Sendable, Hashable { case x, y }
    public var axis: Axis
    public var value: Double
    public var label: String

    public init(_ axis: Axis, at value: Double, label: String) {
        self.axis = axis
        self.value = value
        self.label = label
    }
}

public struct LegendEntry: Sendable, Hashable {
    public var label: String
    public var color: String
    public var marker: ChartMarker?
    public var hollow: Bool

    /// `marker` nil draws a colour swatch (bar charts).
    public init(label: String, color: String, marker: ChartMarker? = nil, hollow: Bool = false) {
        self.label = label
        self.color = color
        self.marker = marker
        self.hollow = hollow
    }
}
