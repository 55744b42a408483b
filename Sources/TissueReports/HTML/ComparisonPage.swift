import TissueMetrics

/// `tissue compare --format html` (and `table`): one self-contained page with the comparison
/// table (sortable), each candidate drawn beside the baseline when there are drawings, and the
/// charts `--chart` draws.
public struct ComparisonPage: Sendable {
    public var table: ComparisonTable
    /// The baseline beside each candidate.
    public var drawings: [DiagramComparison]
    /// The per-layer bars, when the models are `.arch` files.
    public var layerChart: BarChart?

    public init(table: ComparisonTable, drawings: [DiagramComparison] = [], layerChart: BarChart? = nil) {
        self.table = table
        self.drawings = drawings
        self.layerChart = layerChart
    }

    public func html() -> String {
        let title = table.title ?? (drawings.first.map { "\($0.baseline.model) and its candidates" } ?? "Comparison")
        var page = HTMLPage(title: "\(title) — tissue")
        page.heading(title, level: 1)
        page.paragraph("Accuracy, cost, savings, CE and SE against the baseline (docs/metrics.md).", className: "lead")
        let layout = table.layout()
        page.section(id: "table", title: "Comparison", HTMLTable.render(layout.table, id: "comparison-table")
            + HTMLPage.notes(layout.notes))
        if !drawings.isEmpty {
            page.section(id: "drawings", title: "Side by side", drawings.enumerated().map { index, drawing in
                HTMLPage.figure(drawing.svg(id: "pair\(index + 1)"),
                                caption: "Highlighted rows: blocks the candidate replaced, with what it saves there.")
            }.joined())
        }
        var charts = [table.accuracyChart(.flops).svg(), table.accuracyChart(.params).svg(), table.scoreChart().svg()]
        if let layerChart { charts.append(layerChart.svg()) }
        page.section(id: "charts", title: "Charts", charts.map { HTMLPage.figure($0) }.joined())
        return page.document
    }
}
