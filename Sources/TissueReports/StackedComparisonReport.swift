import TissueIR
import TissueNumerics
import TissueTransforms

/// Baseline against its stacked version: params, MACs and FLOPs, and how much of each is kept,
/// with the residual rule used and the blocks stacked.
public struct StackedComparisonReport: Sendable {
    public var baseline: Analysis
    public var stacked: Analysis
    /// The transform that made `stacked`, and what it replaced (none: the report shows only totals).
    public var transform: StackTransform?
    public var replaced: [StackTransform.Candidate]

    public init(baseline: Analysis, stacked: Analysis, transform: StackTransform? = nil,
                replaced: [StackTransform.Candidate] = []) {
        self.baseline = baseline
        self.stacked = stacked
        self.transform = transform
        self.replaced = replaced
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
        var lines = ["convention \(baseline.convention.rawValue)"]
        if let transform { lines.append("residual rule: " + transform.residualScope.rule) }
        if let unit = transform?.unit { lines.append("unit: \(unit.name) (user-defined)") }
        for (kind, paths) in Self.byKind(replaced) {
            lines.append("stacked \(kind.rawValue)s: \(paths.count)")
        }
        return lines.joined(separator: "\n") + "\n" + TextTableRenderer.render(table())
    }

    /// The candidates grouped by kind, kinds in order of first appearance.
    public static func byKind(_ candidates: [StackTransform.Candidate]) -> [(StackTransform.Candidate.Kind, [NodePath])] {
        var groups: [(StackTransform.Candidate.Kind, [NodePath])] = []
        for candidate in candidates {
            if let index = groups.firstIndex(where: { $0.0 == candidate.kind }) {
                groups[index].1.append(candidate.path)
            } else {
                groups.append((candidate.kind, [candidate.path]))
            }
        }
        return groups
    }

    /// The comparison as JSON; `warnings` are the caveats the command gave, as sentences.
    public func json(warnings: [String] = []) -> JSONValue {
        func cost(_ c: Cost) -> JSONValue {
            .object([("params", .integer(c.params)), ("macs", .integer(c.macs)), ("flops", .integer(c.flops)),
                     ("activations", .integer(c.activations))])
        }
        var members: [(String, JSONValue)] = [
            ("baseline", .string(baseline.model)), ("stacked", .string(stacked.model)),
            ("convention", .string(baseline.convention.rawValue)),
        ]
        if let transform {
            members += [
                ("residualRule", .string(transform.residualScope.rawValue)),
                ("residualRuleSource", .string(transform.residualScope.rule)),
                ("piece", .integer(transform.piece)),
                ("hidden", transform.hiddenPerStage.map { .array($0.map(JSONValue.integer)) } ?? .integer(transform.hidden)),
                ("unit", transform.unit.map { .string($0.name) } ?? .null),
            ]
        }
        members += [
            ("replaced", .array(replaced.map { .object([("path", .string($0.path.description)), ("kind", .string($0.kind.rawValue))]) })),
            ("baselineTotals", cost(baseline.totals)), ("stackedTotals", cost(stacked.totals)),
            ("warnings", .array(warnings.map(JSONValue.string))),
        ]
        return .object(members)
    }
}
