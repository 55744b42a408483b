import TissueIR
import TissueMetrics
import TissueReports

/// Output formats of `compare` and `table`: the shared ones plus LaTeX.
enum ComparisonFormat: String, CaseIterable {
    case text, markdown, csv, json, latex, html
}

/// What `compare` and `table` share: their common options, rendering a ``ComparisonTable`` in
/// the chosen format, and writing the chart.
enum ComparisonOutput {
    static func formatOption() -> CommandSpec.Option {
        .init("format", short: "f", value: "F", help: "Output format.", default: "text",
              choices: ComparisonFormat.allCases.map(\.rawValue))
    }

    static func chartOptions(kinds: [ComparisonChartKind]) -> [CommandSpec.Option] {
        [
            .init("chart", value: "FILE.svg", help: "Also draw a chart into this SVG file."),
            .init("chart-kind", value: "K", help: "Which chart '--chart' draws.", default: kinds[0].rawValue,
                  choices: kinds.map(\.rawValue)),
        ]
    }

    static let resultsOption = CommandSpec.Option(
        "results", value: "FILE", help: "Add published rows from a CSV file (tissue's layout or ShrinkBench's).",
        repeating: true)

    /// `drawings` and `layerChart` are made only for HTML, the one format that shows them.
    static func render(_ table: ComparisonTable, _ arguments: ParsedArguments, console: Console, warnings: [Caveat] = [],
                       drawings: () -> [DiagramComparison] = { [] }, layerChart: () -> BarChart? = { nil }) {
        switch arguments.choice("format", as: ComparisonFormat.self) ?? .text {
        case .text: console.standardOutput(table.text())
        case .markdown: console.standardOutput(table.markdown())
        case .csv: console.standardOutput(table.csv())
        case .json: console.standardOutput(table.json(warnings: warnings).rendered() + "\n")
        case .latex: console.standardOutput(table.latex())
        case .html: console.standardOutput(ComparisonPage(table: table, drawings: drawings(), layerChart: layerChart()).html())
        }
    }

    /// Writes `--chart` if given; `layers` draws `layerChart` (only `compare` offers it), `kept`
    /// draws `keptChart` (only `compress` offers it).
    static func writeChart(_ table: ComparisonTable, _ arguments: ParsedArguments, console: Console,
                           layerChart: () -> BarChart? = { nil }, keptChart: () -> BarChart? = { nil }) throws(CommandError) {
        guard let path = arguments.value("chart") else { return }
        let kind = arguments.choice("chart-kind", as: ComparisonChartKind.self) ?? .accFlops
        let svg: String
        switch kind {
        case .accFlops: svg = table.accuracyChart(.flops).svg()
        case .accParams: svg = table.accuracyChart(.params).svg()
        case .ceSe: svg = table.scoreChart().svg()
        case .layers: svg = layerChart()?.svg() ?? table.accuracyChart(.flops).svg()
        case .kept: svg = keptChart()?.svg() ?? table.accuracyChart(.flops).svg()
        }
        do {
            try console.writeFile(path, svg)
        } catch {
            throw .cannotWrite(path: path, reason: FileProblem.reason(error, .write))
        }
    }
}
