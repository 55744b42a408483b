/// Baseline against its stacked version: params, MACs and FLOPs, and how much of each is kept.
public struct StackedComparisonReport: Sendable {
    public var baseline: Analysis
    public var stacked: Analysis

    public init(baseline: Analysis, stacked: Analysis) {
        self.baseline = baseline
        self.stacked = stacked
    }

    public func table() -> Table {
        let (b, s) = (baseline.totals, stacked.totals)
        return Table(
            columns: [.init("model"), .init("params", .right), .init("MACs", .right), .init("FLOPs", .right),
                      .init("params kept", .right), .init("FLOPs kept", .right)],
            rows: [
                ["baseline " + baseline.model, QuantityFormatter.si(b.params), QuantityFormatter.si(b.macs),
                 QuantityFormatter.si(b.flops), "100.0%", "100.0%"],
                ["stacked", QuantityFormatter.si(s.params), QuantityFormatter.si(s.macs), QuantityFormatter.si(s.flops),
                 QuantityFormatter.percent(s.params, of: b.params), QuantityFormatter.percent(s.flops, of: b.flops)],
            ])
    }

    public func text() -> String {
        "convention \(baseline.convention.rawValue)\n" + TextTableRenderer.render(table())
    }
}
