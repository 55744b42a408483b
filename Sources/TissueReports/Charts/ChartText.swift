
/// Drawing shared by the charts: the plot frame with grid, ticks and axis labels, the legend,
/// and text wrapping and shortening by estimated width.
enum ChartText {
    static func drawFrame(into svg: inout SVGWriter, plot: ChartBox, xAxis: ResolvedAxis?, yAxis: ResolvedAxis?,
                          xLabel: String, yLabel: String) {
        svg.open("g", [("class", "axes")])
        if let xAxis {
            for tick in xAxis.ticks {
                let x = plot.x + xAxis.fraction(tick.value) * plot.width
                svg.line(x, plot.y, x, plot.maxY, stroke: ChartStyle.gridColor)
                svg.line(x, plot.maxY, x, plot.maxY + 5, stroke: ChartStyle.axisColor)
                svg.text(tick.label, x: x, y: plot.maxY + 18, anchor: "middle", size: 11, fill: ChartStyle.axisColor)
            }
        }
        if let yAxis {
            for tick in yAxis.ticks {
                let y = plot.maxY - yAxis.fraction(tick.value) * plot.height
                svg.line(plot.x, y, plot.maxX, y, stroke: ChartStyle.gridColor)
                svg.line(plot.x - 5, y, plot.x, y, stroke: ChartStyle.axisColor)
                svg.text(tick.label, x: plot.x - 8, y: y + 4, anchor: "end", size: 11, fill: ChartStyle.axisColor)
            }
        }
        svg.element("rect", [("x", SVGWriter.number(plot.x)), ("y", SVGWriter.number(plot.y)),
                             ("width", SVGWriter.number(plot.width)), ("height", SVGWriter.number(plot.height)),
                             ("fill", "none"), ("stroke", ChartStyle.axisColor)])
        svg.text(xLabel, x: plot.x + plot.width / 2, y: plot.maxY + 40, anchor: "middle", size: 12)
        svg.text(yLabel, x: 20, y: plot.y + plot.height / 2, anchor: "middle", size: 12, rotate: true)
        svg.close("g")
    }

    static func drawLegend(into svg: inout SVGWriter, entries: [LegendEntry], x: Double, y: Double, width: Double) {
        svg.open("g", [("class", "legend")])
        for (i, entry) in entries.enumerated() {
            let cy = y + 10 + Double(i) * 20
            if let marker = entry.marker {
                marker.draw(into: &svg, x: x + 7, y: cy, r: 5, color: entry.color, hollow: entry.hollow)
            } else {
                svg.rect(x, cy - 6, 14, 12, fill: entry.color)
            }
            svg.text(shorten(entry.label, width: width - 24, size: 12), x: x + 20, y: cy + 4, size: 12)
        }
        svg.close("g")
    }

    /// Words wrapped into lines no wider than `width`.
    static func wrap(_ text: String, width: Double, size: Double) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if !line.isEmpty, ChartStyle.textWidth(candidate, size: size) > width {
                lines.append(line)
                line = String(word)
            } else {
                line = candidate
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// `text`, cut with an ellipsis to fit `width`.
    static func shorten(_ text: String, width: Double, size: Double) -> String {
        guard ChartStyle.textWidth(text, size: size) > width else { return text }
        var cut = text
        while !cut.isEmpty, ChartStyle.textWidth(cut + "…", size: size) > width { cut.removeLast() }
        return cut + "…"
    }
}
