import TissueIR

/// The engine's analytic counts checked against a reference pass, layer by layer: the output
/// shape, the parameters and the MACs of the `standard` convention (convolution and linear
/// multiply-accumulates) must be equal, and every stacked layer with a dense counterpart must
/// compute the same function as it.
public struct Verification: Sendable {
    /// What one side says about a layer.
    public struct Counts: Sendable, Equatable {
        public var output: TensorShape
        public var params: Int
        public var macs: Int
    }

    /// One layer, both sides. `executed` is nil when the pass stopped before the layer.
    public struct Row: Sendable {
        public var path: NodePath
        public var summary: String
        public var analytic: Counts
        public var executed: Counts?
        /// For a stacked layer, its units' rows.
        public var units: [UnitRows]
        public var stackCheck: StackCheck?

        /// Shape, parameters and MACs all equal here and in every unit layer.
        public var countsAgree: Bool {
            executed == analytic && units.allSatisfy { $0.rows.allSatisfy(\.countsAgree) }
        }

        /// What differs here (not in the units): any of "shape", "params", "MACs", or "not run".
        public var differences: [String] {
            guard let executed else { return ["not run"] }
            var out: [String] = []
            if executed.output != analytic.output { out.append("shape") }
            if executed.params != analytic.params { out.append("params") }
            if executed.macs != analytic.macs { out.append("MACs") }
            return out
        }
    }

    public struct UnitRows: Sendable {
        public var name: String
        public var width: Int
        public var rows: [Row]
    }

    public var model: String
    public var input: TensorShape
    public var output: TensorShape
    public var seed: UInt64
    public var tolerance: Double
    /// The top-level layers in order (stacked layers hold their units' rows).
    public var rows: [Row]
    public var analyticTotals: Cost
    public var executedMACs: Int
    public var executedParams: Int

    /// Compares `analysis` (which must use the `standard` convention) with `execution`.
    public init(analysis: Analysis, execution: Execution, seed: UInt64, tolerance: Double) {
        model = analysis.model
        input = analysis.input
        output = analysis.output
        self.seed = seed
        self.tolerance = tolerance
        rows = Self.compare(analysis.layers, execution.records)
        analyticTotals = analysis.totals
        executedMACs = execution.macs
        executedParams = execution.parameters
    }

    static func compare(_ layers: [LayerCost], _ records: [NodeRecord]) -> [Row] {
        layers.enumerated().map { index, layer in
            let record = index < records.count && records[index].path == layer.path ? records[index] : nil
            let executed = record.map { Counts(output: $0.output, params: $0.parameters, macs: $0.macs) }
            let units = layer.units.enumerated().map { u, unit in
                UnitRows(name: unit.name, width: unit.width,
                         rows: compare(unit.layers, record.flatMap { u < $0.units.count ? $0.units[u].records : nil } ?? []))
            }
            return Row(path: layer.path, summary: layer.summary,
                       analytic: Counts(output: layer.output, params: layer.cost.params, macs: layer.cost.macs),
                       executed: executed, units: units, stackCheck: record?.stackCheck)
        }
    }

    /// Every stacked layer, nested ones included, in order.
    public var stackRows: [Row] {
        func collect(_ rows: [Row]) -> [Row] {
            rows.flatMap { row in row.units.isEmpty ? [] : [row] + row.units.flatMap { collect($0.rows) } }
        }
        return collect(rows)
    }

    /// Counts of layers (at every depth) that agree and that do not.
    public var layerTally: (agree: Int, disagree: Int) {
        func tally(_ rows: [Row]) -> (Int, Int) {
            rows.reduce((0, 0)) { sum, row in
                let inner = row.units.reduce((0, 0)) { s, unit in
                    let t = tally(unit.rows)
                    return (s.0 + t.0, s.1 + t.1)
                }
                let own = row.differences.isEmpty ? (1, 0) : (0, 1)
                return (sum.0 + own.0 + inner.0, sum.1 + own.1 + inner.1)
            }
        }
        return tally(rows)
    }

    public var countsAgree: Bool { rows.allSatisfy(\.countsAgree) }
    public var stacksAgree: Bool { stackRows.allSatisfy { $0.stackCheck?.agrees ?? true } }
    /// The verdict: every count agrees and every stacked layer equals its dense counterpart.
    public var passed: Bool { countsAgree && stacksAgree }
}
