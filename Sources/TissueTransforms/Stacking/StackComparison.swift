import TissueIR

/// A stacked layer next to its fully connected counterpart (the paper's Eq. 5–8 in the engine's
/// own counts: convolution weights plus the bias and batch-norm terms the equations leave out).
public struct StackComparison: Sendable, Equatable {
    public var path: NodePath
    public var units: Int
    public var stacked: Cost
    /// The counterpart's counts, or nil when no counterpart exists.
    public var dense: Cost?
    /// Why there is no counterpart, when there is none.
    public var reason: String?

    /// Compares one analysed stack layer with its counterpart under the same convention.
    public init?(_ layer: LayerCost, convention: Convention) throws(GraphError) {
        guard case .stack(let stack) = layer.kind, let input = layer.input else { return nil }
        path = layer.path
        units = stack.units.count
        stacked = layer.cost
        switch stack.denseCounterpart(input: input) {
        case .dense(let graph):
            dense = try Analysis.analyze(graph, convention: convention).1
        case .none(let why):
            reason = why
        }
    }

    /// Every stacked layer of an analysis, in order.
    public static func all(in analysis: Analysis) throws(GraphError) -> [StackComparison] {
        var result: [StackComparison] = []
        for layer in analysis.layers {
            if let comparison = try StackComparison(layer, convention: analysis.convention) {
                result.append(comparison)
            }
        }
        return result
    }

    /// dense ÷ stacked, the paper's "about n" saving (nil when either side is zero or missing).
    public var paramsRatio: Double? { Self.ratio(dense?.params, stacked.params) }
    public var macsRatio: Double? { Self.ratio(dense?.macs, stacked.macs) }

    static func ratio(_ numerator: Int?, _ denominator: Int) -> Double? {
        guard let numerator, denominator > 0 else { return nil }
        return Double(numerator) / Double(denominator)
    }
}
