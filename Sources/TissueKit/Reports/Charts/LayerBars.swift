/// Per-layer parameters and FLOPs of a baseline and its candidates as a two-panel bar chart.
///
/// Layers are the top-level statements of each file: nodes are summed by the first component
/// of their path (`stage2/conv1` counts towards `stage2`), so a block call or a stacked layer is
/// one row. Rows line up by that name across models, in the baseline's order with a
/// candidate's own rows inserted after the row they follow; rows without parameters and MACs
/// in every model (activations, pooling) are left out.
public enum LayerBars {
    public static func chart(baseline: Analysis, candidates: [Analysis], flopsUnit: CountUnit,
                             paramsUnit: CountUnit) -> BarChart {
        let models = [baseline] + candidates
        let sums = models.map(totalsByTopLevel)
        var order: [String] = []
        for summed in sums {
            var after = -1
            for (name, _) in summed {
                if let i = order.firstIndex(of: name) {
                    after = i
                } else {
                    order.insert(name, at: after + 1)
                    after += 1
                }
            }
        }
        let kept = order.filter { name in
            sums.contains { summed in summed.first { $0.0 == name }.map { $0.1.params > 0 || $0.1.macs > 0 } ?? false }
        }
        func values(_ index: Int, _ pick: (Cost) -> Int, _ unit: CountUnit) -> [Double] {
            kept.map { name in Double(sums[index].first { $0.0 == name }.map { pick($0.1) } ?? 0) / unit.factor }
        }
        var chart = BarChart(title: "Per-layer cost: \(baseline.model) vs " + candidates.map(\.model).joined(separator: ", "),
                             categories: kept)
        chart.panels = [
            BarPanel(axis: ChartAxis("Params (\(paramsUnit.title))", fromZero: true), series: models.indices.map {
                BarSeries(name: models[$0].model, color: ChartStyle.color($0), values: values($0, \.params, paramsUnit))
            }),
            BarPanel(axis: ChartAxis("FLOPs (\(flopsUnit.title))", fromZero: true), series: models.indices.map {
                BarSeries(name: models[$0].model, color: ChartStyle.color($0), values: values($0, \.flops, flopsUnit))
            }),
        ]
        chart.notes = ["Convention: \(baseline.convention.rawValue). Rows are top-level statements; "
            + "activations and pooling without parameters or MACs are left out."]
        return chart
    }

    /// Costs summed per first path component, in order of first appearance.
    static func totalsByTopLevel(_ analysis: Analysis) -> [(String, Cost)] {
        var result: [(String, Cost)] = []
        for layer in analysis.layers {
            let name = layer.path.components.first ?? layer.path.description
            let cost = layer.cost
            if let i = result.firstIndex(where: { $0.0 == name }) {
                // Parts of an analysis whose totals did not overflow cannot overflow either.
                result[i].1 = (try? result[i].1.adding(cost)) ?? result[i].1
            } else {
                result.append((name, cost))
            }
        }
        return result
    }
}
