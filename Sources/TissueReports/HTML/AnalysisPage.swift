import TissueIR
import TissueMetrics
import TissueNumerics

/// `tissue analyze --format html`: one self-contained page with the network's diagram, its
/// totals under every convention side by side, memory figures when there are any, the per-layer
/// table (sortable, filterable by path), the stacked layers against their dense counterparts, and
/// the per-layer chart.
public struct AnalysisPage: Sendable {
    /// The report under the chosen convention.
    public var report: AnalysisReport
    /// The same network analysed under each convention, in ``Convention`` order.
    public var conventions: [Analysis]
    public var diagram: Diagram
    /// Memory figures (a quantity and a value per row), when the analysis has them.
    public var memory: Table?

    public init(report: AnalysisReport, conventions: [Analysis], diagram: Diagram, memory: Table? = nil) {
        self.report = report
        self.conventions = conventions
        self.diagram = diagram
        self.memory = memory
    }

    public func html() -> String {
        let analysis = report.analysis
        var page = HTMLPage(title: "\(analysis.model) — tissue analyze")
        page.heading(analysis.model, level: 1)
        page.paragraph("input \(analysis.input) → output \(analysis.output) · convention \(analysis.convention.rawValue) · "
            + "\(NumberFormat.si(analysis.totals.params)) params, \(NumberFormat.si(analysis.totals.macs)) MACs, "
            + "\(NumberFormat.si(analysis.totals.flops)) FLOPs", className: "lead")
        var sections = [("diagram-section", "Diagram"), ("totals", "Totals by convention")]
        if memory != nil { sections.append(("memory", "Memory")) }
        sections += [("layers", "Layers")] + (report.stacks.isEmpty ? [] : [("stacks", "Stacked layers")]) + [("charts", "Charts")]
        page.body += "<nav>" + sections.map { "<a href=\"#\($0.0)\">\(HTMLPage.escape($0.1))</a>" }.joined() + "</nav>\n"

        page.section(id: "diagram-section", title: "Diagram", HTMLPage.figure(
            diagram.svg(id: "diagram"), caption: "Each box: operation, output shape and share of the \(diagram.metric.title).",
            id: "diagram"))
        page.section(id: "totals", title: "Totals by convention", totals())
        if let memory {
            page.section(id: "memory", title: "Memory", HTMLTable.render(memory, sortable: false))
        }
        page.section(id: "layers", title: "Layers", layers())
        if !report.stacks.isEmpty {
            page.section(id: "stacks", title: "Stacked layers", HTMLTable.render(report.stackTable(exact: false),
                                                                                 values: report.stackTable(exact: true))
                + HTMLPage.notes(report.stackNotes.split(separator: "\n").map(String.init)))
        }
        let chart = LayerBars.chart(baseline: analysis, candidates: [], flopsUnit: Self.unit(analysis.totals.flops),
                                    paramsUnit: Self.unit(analysis.totals.params))
        page.section(id: "charts", title: "Charts", HTMLPage.figure(chart.svg()))
        return page.document
    }

    /// Params, MACs, FLOPs and activations, one column per convention.
    func totals() -> String {
        func table(exact: Bool) -> Table {
            let number = NumberFormat.count(exact: exact)
            var table = Table(columns: [.init("quantity")] + conventions.map { .init($0.convention.rawValue, .right) })
            let rows: [(String, (Cost) -> Int)] = [("params", \.params), ("MACs", \.macs), ("FLOPs", \.flops),
                                                  ("activations", \.activations)]
            for (name, pick) in rows { table.rows.append([name] + conventions.map { number(pick($0.totals)) }) }
            return table
        }
        return HTMLTable.render(table(exact: false), values: table(exact: true), sortable: false)
            + HTMLPage.notes(conventions.map { "\($0.convention.rawValue): \($0.convention.summary)" })
    }

    /// The per-layer table with the path filter (shown by the script, which makes it work).
    func layers() -> String {
        var nodes = report
        nodes.detail = .nodes
        nodes.groups = nil
        let count = report.analysis.layers.count
        return "<p class=\"filter\" hidden><label>Filter by path <input id=\"layer-filter\" type=\"search\" "
            + "placeholder=\"e.g. stage2 or conv\"></label> <span id=\"layer-count\">\(count) of \(count) layers</span></p>\n"
            + HTMLTable.render(nodes.table(exact: false), values: nodes.table(exact: true), id: "layer-table",
                               rowPaths: report.analysis.layers.map(\.path.description))
    }

    /// The largest of 1, k, M, G, T that keeps `value` at 1 or more.
    static func unit(_ value: Int) -> CountUnit {
        let units: [CountUnit] = [.one, .kilo, .mega, .giga, .tera]
        return units.last { $0.factor <= Double(max(value, 1)) } ?? .one
    }
}
