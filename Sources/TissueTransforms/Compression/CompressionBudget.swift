import TissueNumerics

/// What a compression budget limits: the counts of ``CompressionTotals``.
public enum CompressionMetric: String, Sendable, CaseIterable {
    case params, nonzero, macs
    case effectiveMACs = "effective-macs"
    case flops, activations
    case weightBytes = "weight-bytes"
    case activationBytes = "activation-bytes"

    public func value(_ totals: CompressionTotals) -> Int {
        switch self {
        case .params: totals.params
        case .nonzero: totals.nonzero
        case .macs: totals.macs
        case .effectiveMACs: totals.effectiveMACs
        case .flops: totals.flops
        case .activations: totals.activations
        case .weightBytes: totals.weightBytes
        case .activationBytes: totals.activationBytes
        }
    }
}

/// An upper limit on one metric, as written with `--budget` (`flops<=300M`).
public struct CompressionBudget: Sendable, Hashable, CustomStringConvertible {
    public var metric: CompressionMetric
    public var limit: Int
    /// The limit as the user wrote it.
    public var written: String

    public init(metric: CompressionMetric, limit: Int, written: String) {
        self.metric = metric
        self.limit = limit
        self.written = written
    }

    public func holds(_ totals: CompressionTotals) -> Bool { metric.value(totals) <= limit }

    public var description: String { "\(metric.rawValue)<=\(written)" }
}
