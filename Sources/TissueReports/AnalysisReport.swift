import TissueIR
import TissueMetrics
import TissueNumerics
import TissueTransforms

/// Renders an ``Analysis`` for `tissue analyze`: a per-layer table (text, Markdown, CSV) or the
/// documented JSON schema (`docs/cli.md`).
public struct AnalysisReport: Sendable {
    /// How much of the network the table lists.
    public enum Detail: String, Sendable, CaseIterable {
        /// Totals only.
        case summary
        /// Every node of the top-level graph; a stacked layer is one row.
        case nodes
        /// Every node, including the layers inside each stacked unit.
        case layers
    }

    public var analysis: Analysis
    public var detail: Detail
    /// Every stacked layer beside its fully connected counterpart.
    public var stacks: [StackComparison]
    /// For a decoder, when asked: one generated token's cost and the KV cache.
    public var generation: Generation?

    public init(_ analysis: Analysis, detail: Detail = .nodes) throws(GraphError) {
        self.analysis = analysis
        self.detail = detail
        stacks = try StackComparison.all(in: analysis)
    }

    /// Stacked layers against their counterparts: units, params and MACs each way, and the savings.
    public func stackTable(exact: Bool) -> Table {
        let number = NumberFormat.count(exact: exact)
        let ratio: (Double?) -> String = { $0.map { NumberFormat.fixed($0, decimals: 2) + "×" } ?? "—" }
        var table = Table(columns: [
            .init("stacked layer"), .init("units", .right), .init("params", .right), .init("dense params", .right),
            .init("saving", .right), .init("MACs", .right), .init("dense MACs", .right), .init("saving", .right),
        ])
        for s in stacks {
            table.rows.append([s.path.description, String(s.units), number(s.stacked.params),
                               s.dense.map { number($0.params) } ?? "—", ratio(s.paramsRatio),
                               number(s.stacked.macs), s.dense.map { number($0.macs) } ?? "—", ratio(s.macsRatio)])
        }
        return table
    }

    /// Lines explaining stacked layers that have no counterpart.
    var stackNotes: String {
        stacks.compactMap { s in s.reason.map { "no dense counterpart for \(s.path): \($0)\n" } }.joined()
    }

    /// `exact` prints integers (CSV); otherwise SI-suffixed quantities.
    public func table(exact: Bool) -> Table {
        detail == .summary ? summaryTable(exact: exact) : layerTable(exact: exact)
    }

    /// The totals as one row per quantity, with the exact integer beside the rounded one.
    func summaryTable(exact: Bool) -> Table {
        let t = analysis.totals
        let rows = [("params", t.params), ("MACs", t.macs), ("FLOPs", t.flops), ("activations", t.activations)]
        if exact {
            return Table(columns: [.init("quantity"), .init("value", .right)],
                         rows: rows.map { [$0.0, String($0.1)] })
        }
        return Table(columns: [.init("quantity"), .init("value", .right), .init("exact", .right)],
                     rows: rows.map { [$0.0, NumberFormat.si($0.1), String($0.1)] })
    }

    func layerTable(exact: Bool) -> Table {
        let number = NumberFormat.count(exact: exact)
        var table = Table(columns: [
            .init("path"), .init("op"), .init("output", .right), .init("params", .right),
            .init("MACs", .right), .init("FLOPs", .right),
        ])
        func add(_ layer: LayerCost, indent: String) {
            table.rows.append([indent + layer.path.description, layer.summary, layer.output.description,
                               number(layer.cost.params), number(layer.cost.macs), number(layer.cost.flops)])
            if detail == .layers {
                for unit in layer.units {
                    for child in unit.layers { add(child, indent: exact ? "" : indent + "  ") }
                }
            }
        }
        for layer in analysis.layers { add(layer, indent: "") }
        let t = analysis.totals
        table.footer = [["total", "", analysis.output.description, number(t.params), number(t.macs), number(t.flops)]]
        return table
    }

    public func text() -> String {
        "\(analysis.model): input \(analysis.input) → output \(analysis.output), convention \(analysis.convention.rawValue)\n\n"
            + TextTableRenderer.render(table(exact: false))
            + (detail == .summary ? "" : "activations: \(NumberFormat.si(analysis.totals.activations)) elements\n")
            + (stacks.isEmpty ? "" : "\n" + TextTableRenderer.render(stackTable(exact: false)) + stackNotes)
            + (generation.map { "\n" + TextTableRenderer.render(generationTable($0, exact: false)) } ?? "")
    }

    public func markdown() -> String {
        "**\(analysis.model)**: input `\(analysis.input)` → output `\(analysis.output)`, convention `\(analysis.convention.rawValue)`\n\n"
            + MarkdownTableRenderer.render(table(exact: false))
            + (stacks.isEmpty ? "" : "\n" + MarkdownTableRenderer.render(stackTable(exact: false)) + stackNotes)
            + (generation.map { "\n" + MarkdownTableRenderer.render(generationTable($0, exact: false)) } ?? "")
    }

    /// The layer table; with generation figures, a blank line and their own table after it.
    public func csv() -> String {
        CSVTableRenderer.render(table(exact: true))
            + (generation.map { "\n" + CSVTableRenderer.render(generationTable($0, exact: true)) } ?? "")
    }

    public func json() -> JSONValue {
        .object([
            ("model", .string(analysis.model)),
            ("convention", .string(analysis.convention.rawValue)),
            ("input", Self.json(analysis.input)),
            ("output", Self.json(analysis.output)),
            ("totals", Self.json(analysis.totals)),
            ("layers", .array(analysis.layers.map(json))),
        ] + (generation.map { [("generation", generationJSON($0))] } ?? []))
    }

    /// The issue-3 schema: `"stack": {"units", "stacked": {params, macs}, "dense": {params, macs} | null}`,
    /// plus `"reason"` when there is no counterpart.
    func json(_ layer: LayerCost) -> JSONValue {
        guard case .object(var members) = Self.json(layer) else { return .null }
        if let s = stacks.first(where: { $0.path == layer.path }) {
            func pair(_ cost: Cost) -> JSONValue { .object([("params", .integer(cost.params)), ("macs", .integer(cost.macs))]) }
            var stack: [(String, JSONValue)] = [("units", .integer(s.units)), ("stacked", pair(s.stacked)),
                                                ("dense", s.dense.map(pair) ?? .null)]
            if let reason = s.reason { stack.append(("reason", .string(reason))) }
            members.insert(("stack", .object(stack)), at: members.count - 1)
        }
        return .object(members)
    }

    static func json(_ shape: TensorShape) -> JSONValue {
        .array(shape.dimensions.map(JSONValue.integer))
    }

    static func json(_ cost: Cost) -> JSONValue {
        .object([("params", .integer(cost.params)), ("macs", .integer(cost.macs)), ("flops", .integer(cost.flops)),
                 ("activations", .integer(cost.activations))])
    }

    static func json(_ layer: LayerCost) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("path", .string(layer.path.description)),
            ("op", .string(layer.name)),
            ("input", layer.input.map(json) ?? .null),
            ("output", json(layer.output)),
            ("params", .integer(layer.cost.params)),
            ("macs", .integer(layer.cost.macs)),
            ("flops", .integer(layer.cost.flops)),
            ("activations", .integer(layer.cost.activations)),
        ]
        if layer.inputs.count > 1 {
            members.append(("inputs", .array(layer.inputs.map(json))))
        }
        if !layer.units.isEmpty {
            members.append(("units", .array(layer.units.map { unit in
                .object([("name", .string(unit.name)), ("width", .integer(unit.width)), ("totals", json(unit.totals)),
                         ("layers", .array(unit.layers.map(json)))])
            })))
        }
        return .object(members)
    }
}
