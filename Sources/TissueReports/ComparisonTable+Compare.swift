import TissueMetrics

extension ComparisonTable {
    /// The table of `tissue compare`: one group with the baseline and each candidate (labelled
    /// by model name), then any published rows grouped by their model, judged against their
    /// own group's baseline.
    public static func compare(baseline: ModelFigures, candidates: [ModelFigures], published: [PublishedResult] = [],
                               columns: [ComparisonColumn] = ComparisonColumn.compare,
                               target: BreakEvenTarget = .value(1), flopsUnit: CountUnit? = nil,
                               paramsUnit: CountUnit? = nil, decimals: Int = 2) -> ComparisonTable {
        var builder = ComparisonTableBuilder()
        builder.add(ComparisonRow(label: baseline.name, role: .baseline, dataset: baseline.dataset,
                                  figures: baseline.figures, source: baseline.source), model: baseline.name)
        for candidate in candidates {
            builder.add(ComparisonRow(label: candidate.name, role: .candidate, dataset: candidate.dataset,
                                      figures: candidate.figures, source: candidate.source), model: baseline.name)
        }
        builder.endGroup()
        for result in published { builder.add(result) }
        var table = ComparisonTable(columns: columns, decimals: decimals, target: target, sections: builder.sections)
        table.flopsUnit = flopsUnit ?? table.fittingUnit(.flops)
        table.paramsUnit = paramsUnit ?? table.fittingUnit(.params)
        return table
    }
}
