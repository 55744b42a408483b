import TissueIR

/// Horizontal grouped bars rendered to standalone SVG: one row per category (a layer), one
/// bar per series (baseline, candidates) in each row, and one or more panels side by side that
/// share the rows (parameters in one, FLOPs in the other).
///
///     var chart = BarChart(title: "Per-layer cost", categories: ["conv1", "stage1"])
///     chart.panels = [BarPanel(axis: ChartAxis("params (k)", fromZero: true), series: [
///         BarSeries(name: "baseline", color: ChartStyle.color(0), values: [1.7, 73.9]),
///         BarSeries(name: "candidate", color: ChartStyle.color(1), values: [1.7, 7.4]),
///     ])]
///     let svg = chart.svg()
///
/// The legend comes from the first panel's series. Output is deterministic.
public struct BarChart: Sendable {
    public var title: String
    public var categories: [String]
    public var panels: [BarPanel] = []
    public var notes: [String] = []
    public var width: Double = 820

    public init(title: String, categories: [String]) {
        self.title = title
        self.categories = categories
    }

    public func svg() -> String {
        let seriesCount = max(1, panels.map(\.series.count).max() ?? 1)
        let bar = 9.0, gap = 2.0
        let rowHeight = Double(seriesCount) * (bar + gap) + 8
        let labelWidth = min(200, (categories.map { ChartStyle.textWidth($0, size: 11) }.max() ?? 0) + 12)
        let top = 70.0
        let plotHeight = max(rowHeight, Double(categories.count) * rowHeight)
        let noteLines = notes.flatMap { ChartText.wrap($0, width: width - 60, size: 11) }
        let height = top + plotHeight + 56 + Double(noteLines.count) * 15
        var svg = SVGWriter(width: width, height: height)
        svg.text(ChartText.shorten(title, width: width - 40, size: 18), x: 20, y: 28, size: 15, weight: "bold")
        let legend = panels.first?.series ?? []
        var lx = 20.0
        for series in legend {
            svg.rect(lx, 40, 14, 12, fill: series.color)
            svg.text(series.name, x: lx + 20, y: 50, size: 12)
            lx += 20 + ChartStyle.textWidth(series.name) + 24
        }
        let panelGap = 44.0
        let available = width - 20 - labelWidth - 20 - panelGap * Double(max(0, panels.count - 1))
        let panelWidth = panels.isEmpty ? available : available / Double(panels.count)
        for (i, category) in categories.enumerated() {
            let cy = top + Double(i) * rowHeight + rowHeight / 2
            svg.text(ChartText.shorten(category, width: labelWidth - 8, size: 11), x: 20 + labelWidth - 8, y: cy + 4,
                     anchor: "end", size: 11)
        }
        for (p, panel) in panels.enumerated() {
            let plot = ChartBox(x: 20 + labelWidth + Double(p) * (panelWidth + panelGap), y: top,
                                width: panelWidth, height: plotHeight)
            let values = panel.series.flatMap(\.values).filter(\.isFinite)
            let axis = panel.axis.resolve(values)
            ChartText.drawFrame(into: &svg, plot: plot, xAxis: axis, yAxis: nil, xLabel: panel.axis.label, yLabel: "")
            svg.open("g", [("class", "bars")])
            for (i, _) in categories.enumerated() {
                let rowTop = top + Double(i) * rowHeight + 4
                for (s, series) in panel.series.enumerated() {
                    guard i < series.values.count, series.values[i].isFinite else { continue }
                    let start = axis.isLog ? axis.lo : max(axis.lo, 0)
                    let x0 = plot.x + axis.fraction(start) * plot.width
                    let x1 = plot.x + axis.fraction(series.values[i]) * plot.width
                    svg.rect(min(x0, x1), rowTop + Double(s) * (bar + gap), max(0.5, abs(x1 - x0)), bar, fill: series.color)
                }
            }
            svg.close("g")
        }
        for (i, line) in noteLines.enumerated() {
            svg.text(line, x: 20, y: top + plotHeight + 62 + Double(i) * 15, size: 11, fill: ChartStyle.mutedText)
        }
        return svg.document
    }
}

/// One panel of a bar chart: its value axis and a series of values per category.
public struct BarPanel: Sendable {
    public var axis: ChartAxis
    public var series: [BarSeries]

    public init(axis: ChartAxis, series: [BarSeries]) {
        self.axis = axis
        self.series = series
    }
}

/// One model's values, one per category; a non-finite value draws no bar.
public struct BarSeries: Sendable {
    public var name: String
    public var color: String
    public var values: [Double]

    public init(name: String, color: String, values: [Double]) {
        self.name = name
        self.color = color
        self.values = values
    }
}
