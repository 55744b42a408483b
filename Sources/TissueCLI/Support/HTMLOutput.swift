import TissueIR
import TissueReports

/// What the HTML pages need beyond the command's own report: the other conventions' totals and
/// the drawings.
enum HTMLOutput {
    /// `analyze --format html`: the report's page, with the totals under every convention and the
    /// diagram (rolled up by `--depth` when the command has one).
    static func analysis(_ model: LoadedModel, report: AnalysisReport, _ arguments: ParsedArguments) throws(CommandError) -> String {
        var conventions: [Analysis] = []
        for convention in Convention.allCases {
            conventions.append(convention == report.analysis.convention ? report.analysis : try model.analyze(convention))
        }
        let diagram = Diagram(network: model.network, analysis: report.analysis, metric: .macs,
                              depth: try DrawCommand.depthOption(arguments))
        return AnalysisPage(report: report, conventions: conventions, diagram: diagram).html()
    }

    /// The baseline beside each candidate, a box per top-level statement.
    static func drawings(_ models: [(network: Network, analysis: Analysis)]) -> [DiagramComparison] {
        let diagrams = models.map { Diagram(network: $0.network, analysis: $0.analysis, metric: .macs, depth: 1) }
        return diagrams.dropFirst().map { DiagramComparison(baseline: diagrams[0], candidate: $0) }
    }
}
