import TissueIR
import TissueNumerics

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
                ["baseline " + baseline.model, NumberFormat.si(b.params), NumberFormat.si(b.macs),
                 NumberFormat.si(b.flops), "100.0%", "100.0%"],
                ["stacked", NumberFormat.si(s.params), NumberFormat.si(s.macs), NumberFormat.si(s.flops),
                 NumberFormat.percent(s.params, of: b.params), NumberFormat.percent(s.flops, of: b.flops)],
            ])
    }

    public func text() -> String {
        "convention \(baseline.convention.rawValue)\n" + TextTableRenderer.render(table())
    }
}
