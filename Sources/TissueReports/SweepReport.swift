import TissueIR
import TissueMetrics
import TissueNumerics
import TissueTransforms

/// Renders a ``Sweep``: the designs (all of them, or the Pareto front), budget marks, and a chart.
public struct SweepReport: Sendable {
    public var model: String
    public var convention: Convention
    public var sweep: Sweep
    /// Limits a design must meet (`flops <= 300M`).
    public var budgets: [(metric: BudgetMetric, limit: Int)]
    /// List every design rather than only the front (the default for up to 100 designs).
    public var listAll: Bool

    public init(model: String, convention: Convention, sweep: Sweep, budgets: [(metric: BudgetMetric, limit: Int)],
                listAll: Bool) {
        self.model = model
        self.convention = convention
        self.sweep = sweep
        self.budgets = budgets
        self.listAll = listAll || sweep.points.count <= 100
    }

    static func value(_ cost: Cost, _ metric: BudgetMetric) -> Int {
        metric.count(of: cost) ?? 0
    }

    public func meetsBudgets(_ cost: Cost) -> Bool {
        budgets.allSatisfy { Self.value(cost, $0.metric) <= $0.limit }
    }

    /// The designs shown, in order; `--pick N` chooses the N-th.
    public var listed: [Int] {
        let front = sweep.front
        return listAll ? Array(sweep.points.indices).sorted {
            (sweep.points[$0].cost.flops, $0) < (sweep.points[$1].cost.flops, $1)
        } : front
    }

    public func table(exact: Bool) -> Table {
        let number = NumberFormat.count(exact: exact)
        let base = sweep.baseline
        var columns: [Table.Column] = [.init("#", .right), .init("design"), .init("params", .right), .init("MACs", .right), .init("FLOPs", .right),
                                       .init("params kept", .right), .init("FLOPs kept", .right)]
        if listAll { columns.append(.init("front")) }
        if !budgets.isEmpty { columns.append(.init("budget")) }
        var table = Table(columns: columns)
        let frontSet = Set(sweep.front)
        for (position, index) in listed.enumerated() {
            let point = sweep.points[index]
            var row = [String(position + 1), sweep.label(point), number(point.cost.params), number(point.cost.macs), number(point.cost.flops),
                       NumberFormat.percent(point.cost.params, of: base.params), NumberFormat.percent(point.cost.flops, of: base.flops)]
            if listAll { row.append(frontSet.contains(index) ? "yes" : "") }
            if !budgets.isEmpty { row.append(meetsBudgets(point.cost) ? "meets" : "over") }
            table.rows.append(row)
        }
        table.footer = [["", "baseline", number(base.params), number(base.macs), number(base.flops), "100.0%", "100.0%"]]
        return table
    }

    public var summary: String {
        let meeting = budgets.isEmpty ? "" : ", \(sweep.points.filter { meetsBudgets($0.cost) }.count) meet the budget"
        return "\(sweep.points.count + sweep.invalid) designs, \(sweep.invalid) skipped (widths do not divide"
            + (sweep.unit.map { " or unit \($0) does not fit" } ?? "") + "), "
            + "\(sweep.front.count) on the Pareto front (\(sweep.frontMeaning))\(meeting)\n"
            + "residual rule: " + sweep.residualScope.rule
    }

    /// How to read a design's label.
    public var legend: String {
        (sweep.perStage
            ? "design: per stage WIDTHch×BLOCKS (its channels and blocks), then C2/C1 (stacked with units of hidden width C2\n"
                + "on pieces of C1 channels) or keep (left as it is)"
            : "design: C2 the units' hidden width, C1 their piece, all or inner the blocks replaced")
            + "; '--pick N -o OUT' writes design N as .arch"
    }

    public func text() -> String {
        "\(model): stacking designs, convention \(convention.rawValue)\n\(summary)\n\(legend)\n\n"
            + TextTableRenderer.render(table(exact: false))
    }

    public func json() -> JSONValue {
        let frontSet = Set(sweep.front)
        func cost(_ c: Cost) -> JSONValue {
            .object([("params", .integer(c.params)), ("macs", .integer(c.macs)), ("flops", .integer(c.flops)),
                     ("activations", .integer(c.activations))])
        }
        return .object([
            ("model", .string(model)), ("convention", .string(convention.rawValue)),
            ("residualRule", .string(sweep.residualScope.rawValue)),
            ("residualRuleSource", .string(sweep.residualScope.rule)),
            ("unit", sweep.unit.map(JSONValue.string) ?? .null),
            ("baseline", cost(sweep.baseline)),
            ("stages", .array(sweep.stageNames.map(JSONValue.string))),
            ("evaluated", .integer(sweep.points.count)), ("skipped", .integer(sweep.invalid)),
            ("designs", .array(listed.enumerated().map { number, index in
                let point = sweep.points[index]
                var members: [(String, JSONValue)] = [
                    ("number", .integer(number + 1)),
                    ("design", .string(sweep.label(point))),
                    ("stages", .array(point.stages.map { s in
                        s.map { .object([("piece", .integer($0.piece)), ("hidden", .integer($0.hidden))]) } ?? .null
                    })),
                    ("totals", cost(point.cost)), ("front", .bool(frontSet.contains(index))),
                ]
                if !budgets.isEmpty { members.append(("meets_budget", .bool(meetsBudgets(point.cost)))) }
                return .object(members)
            })),
        ])
    }

    /// Params against FLOPs: every design (a deterministic sample when there are thousands), the
    /// front as a staircase, the baseline, and the budget limits as reference lines.
    public func chart() -> ScatterChart {
        let flopsScale = 1e6
        var chart = ScatterChart(title: "\(model): stacking designs",
                                 x: ChartAxis("params (M)", fromZero: true), y: ChartAxis("FLOPs (M)", fromZero: true))
        let step = max(1, sweep.points.count / 1500)
        let sample = stride(from: 0, to: sweep.points.count, by: step).map { sweep.points[$0] }
        chart.series.append(ScatterSeries(name: "designs", color: "#9a9a9a", marker: .circle, hollow: true,
                                          points: sample.map { ChartPoint(x: Double($0.cost.params) / 1e6, y: Double($0.cost.flops) / flopsScale) }))
        chart.series.append(ScatterSeries(name: "Pareto front", color: ChartStyle.color(1), marker: .diamond,
                                          points: sweep.front.map { ChartPoint(x: Double(sweep.points[$0].cost.params) / 1e6,
                                                                               y: Double(sweep.points[$0].cost.flops) / flopsScale) },
                                          line: .steps))
        chart.series.append(ScatterSeries(name: "baseline", color: ChartStyle.color(0), marker: .square,
                                          points: [ChartPoint(x: Double(sweep.baseline.params) / 1e6,
                                                              y: Double(sweep.baseline.flops) / flopsScale, label: "baseline")]))
        for budget in budgets {
            switch budget.metric {
            case .params: chart.references.append(ReferenceLine(.x, at: Double(budget.limit) / 1e6, label: "params budget"))
            case .flops: chart.references.append(ReferenceLine(.y, at: Double(budget.limit) / flopsScale, label: "FLOPs budget"))
            case .macs, .activations, .weightBytes, .activationBytes, .ce, .se: break
            }
        }
        if step > 1 { chart.notes.append("Every \(step)th of \(sweep.points.count) designs shown; the front is complete.") }
        return chart
    }
}
