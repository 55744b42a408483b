import TissueIR
import TissueMetrics

/// Per-layer parameters and FLOPs of a baseline and its candidates as a two-panel bar chart.
///
/// Layers are the top-level statements of each file: nodes are summed by the first component
/// of their path (`stage2/conv1` counts towards `stage2`), so a block call or a stacked layer is
/// one row; rows without parameters and MACs (activations, pooling) are left out. When every
/// model has the same number of rows (a candidate made from the baseline layer for layer, as
/// `tissue stack` writes it) rows line up by position under the baseline's names; when most of
/// a candidate's rows have names the baseline lacks (blocks written out layer by layer), rows
/// are the stretches of the data path between changes of the tensor's shape, matched in order
/// by shape; otherwise by name, in the baseline's order with a candidate's own rows after the
/// row they follow.
public enum LayerBars {
    public static func chart(baseline: Analysis, candidates: [Analysis], flopsUnit: CountUnit,
                             paramsUnit: CountUnit) -> BarChart {
        let models = [baseline] + candidates
        var sums = models.map { totalsByTopLevel($0).filter { $0.1.params > 0 || $0.1.macs > 0 } }
        var byPosition = Set(sums.map(\.count)).count == 1
        let baseNames = Set(sums[0].map(\.0))
        let byDataPath = !byPosition && sums.dropFirst().contains { rows in
            2 * rows.filter { baseNames.contains($0.0) }.count < rows.count
        }
        if byDataPath {
            sums = alongTheDataPath(models)
            byPosition = true
        }
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
        chart.notes = ["Convention: \(baseline.convention.rawValue). "
            + (byDataPath ? "Rows are stretches of the data path between changes of shape, matched by shape, named as in the baseline"
                : "Rows are top-level statements" + (byPosition ? ", matched by position, named as in the baseline" : ", matched by name"))
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

    /// Rows for models whose statements do not correspond: each model's layers cut where the
    /// output shape changes, the stretches matched in order by shape (a candidate's stretch is
    /// looked for among the next few of its own), each row named after the baseline's statement
    /// (with its shape when the name repeats). Every model gets one value per row; rows without
    /// parameters and MACs in any model are left out.
    static func alongTheDataPath(_ models: [Analysis]) -> [[(String, Cost)]] {
        func stretches(_ analysis: Analysis) -> [(shape: TensorShape, name: String, cost: Cost)] {
            var result: [(shape: TensorShape, name: String, cost: Cost)] = []
            for layer in analysis.layers {
                let name = layer.path.components.first ?? layer.path.description
                if let last = result.last, last.shape == layer.output {
                    result[result.count - 1].cost = (try? last.cost.adding(layer.cost)) ?? last.cost
                    if last.cost.params == 0 && last.cost.macs == 0 && (layer.cost.params > 0 || layer.cost.macs > 0) {
                        result[result.count - 1].name = name
                    }
                } else {
                    result.append((layer.output, name, layer.cost))
                }
            }
            return result
        }
        let all = models.map(stretches)
        let base = all[0]
        var seen: [String: Int] = [:]
        for stretch in base { seen[stretch.name, default: 0] += 1 }
        let names = base.map { seen[$0.name, default: 0] > 1 ? "\($0.name) \($0.shape)" : $0.name }
        var values = [[Cost]](repeating: [Cost](repeating: .zero, count: base.count), count: models.count)
        for (m, stretches) in all.enumerated() {
            var next = 0
            for (row, stretch) in base.enumerated() {
                let window = stretches[next...].prefix(64)
                guard let match = window.firstIndex(where: { $0.shape == stretch.shape }) else { continue }
                values[m][row] = stretches[match].cost
                next = match + 1
            }
        }
        let kept = base.indices.filter { row in values.contains { $0[row].params > 0 || $0[row].macs > 0 } }
        return values.map { model in kept.map { (names[$0], model[$0]) } }
    }
}
