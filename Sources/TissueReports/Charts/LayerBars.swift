import TissueIR
import TissueMetrics

/// Per-layer parameters and FLOPs of a baseline and its candidates as a two-panel bar chart.
///
/// Layers are the top-level statements of each file: nodes are summed by the first component
/// of their path (`stage2/conv1` counts towards `stage2`), so a block call or a stacked layer is
/// one row; rows without parameters and MACs (activations, pooling) are left out. When every
/// model has the same number of rows (a candidate made from the baseline layer for layer, as
/// `tissue stack` writes it) rows line up by position under the baseline's names; otherwise
/// by name, in the baseline's order with a candidate's own rows after the row they follow.
public enum LayerBars {
    public static func chart(baseline: Analysis, candidates: [Analysis], flopsUnit: CountUnit,
                             paramsUnit: CountUnit) -> BarChart {
        let models = [baseline] + candidates
        let sums = models.map { totalsByTopLevel($0).filter { $0.1.params > 0 || $0.1.macs > 0 } }
        let byPosition = Set(sums.map(\.count)).count == 1
        var order: [String] = []
        if byPosition {
            order = sums[0].map(\.0)
        } else {
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
        }
        func values(_ index: Int, _ pick: (Cost) -> Int, _ unit: CountUnit) -> [Double] {
            order.indices.map { row in
                let cost = byPosition ? sums[index][row].1 : sums[index].first { $0.0 == order[row] }?.1
                return Double(cost.map(pick) ?? 0) / unit.factor
            }
        }
        let title = "Per-layer cost: \(baseline.model)" + (candidates.isEmpty ? "" : " vs " + candidates.map(\.model).joined(separator: ", "))
        var chart = BarChart(title: title, categories: order)
        chart.panels = [
            BarPanel(axis: ChartAxis("Params" + paramsUnit.suffix, fromZero: true), series: models.indices.map {
                BarSeries(name: models[$0].model, color: ChartStyle.color($0), values: values($0, \.params, paramsUnit))
            }),
            BarPanel(axis: ChartAxis("FLOPs" + flopsUnit.suffix, fromZero: true), series: models.indices.map {
                BarSeries(name: models[$0].model, color: ChartStyle.color($0), values: values($0, \.flops, flopsUnit))
            }),
        ]
        chart.notes = ["Convention: \(baseline.convention.rawValue). Rows are top-level statements"
            + (byPosition ? ", matched by position, named as in the baseline" : ", matched by name")
            + "; activations and pooling without parameters or MACs are left out."]
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
