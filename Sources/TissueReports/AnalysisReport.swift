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
    /// The bytes, when the report shows them.
    public var memory: MemoryEstimate?
    /// How byte sizes are shown in text and Markdown.
    public var units: ByteUnits
    /// `--depth N`: the layers rolled up by the first N components of their paths.
    public var groups: [LayerGroup]?
    /// The data type's name as the user wrote it (`bf16`), for the memory table.
    public var dataType: String?

    public init(_ analysis: Analysis, detail: Detail = .nodes, memory: MemoryEstimate? = nil, units: ByteUnits = .si,
                depth: Int? = nil) throws(GraphError) {
        self.analysis = analysis
        self.detail = detail
        self.memory = memory
        self.units = units
        stacks = try StackComparison.all(in: analysis)
        groups = try depth.map { depth throws(GraphError) in try analysis.groups(depth: depth) }
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

    /// One row per layer (or per group with a depth): its counts and its share of the total
    /// params and MACs; `activations` adds the output elements (Markdown and CSV).
    func layerTable(exact: Bool, activations: Bool = false) -> Table {
        let number = NumberFormat.count(exact: exact)
        let t = analysis.totals
        var columns: [Table.Column] = [
            .init("path"), .init("op"), .init("output", .right), .init("params", .right), .init(exact ? "params %" : "%", .right),
            .init("MACs", .right), .init(exact ? "MACs %" : "%", .right), .init("FLOPs", .right),
        ]
        if activations { columns.append(.init("activations", .right)) }
        var table = Table(columns: columns)
        func row(_ path: String, _ op: String, _ output: TensorShape, _ cost: Cost) -> [String] {
            // A layer without any shows nothing rather than a column of 0.0%.
            let percent = { (part: Int, whole: Int) in
                part == 0 ? "" : exact ? Self.exactPercent(part, of: whole) : NumberFormat.percent(part, of: whole)
            }
            return [path, op, output.description, number(cost.params), percent(cost.params, t.params), number(cost.macs),
                    percent(cost.macs, t.macs), number(cost.flops)] + (activations ? [number(cost.activations)] : [])
        }
        func add(_ layer: LayerCost, indent: String) {
            table.rows.append(row(indent + layer.path.description, layer.summary, layer.output, layer.cost))
            if detail == .layers {
                for unit in layer.units {
                    for child in unit.layers { add(child, indent: exact ? "" : indent + "  ") }
                }
            }
        }
        if let groups {
            for group in groups {
                if group.isSingleLayer {
                    add(group.layers[0], indent: "")
                } else {
                    table.rows.append(row(group.path.description, "\(group.layers.count) layers", group.output, group.cost))
                }
            }
        } else {
            for layer in analysis.layers { add(layer, indent: "") }
        }
        table.footer = [row("total", "", analysis.output, t)]
        return table
    }

    /// A share with two decimals for CSV (`12.34`), empty when the whole is 0.
    static func exactPercent(_ part: Int, of whole: Int) -> String {
        whole > 0 ? NumberFormat.fixed(100 * Double(part) / Double(whole), decimals: 2) : ""
    }

    /// The header line: model, shapes, convention, and the batch when it is not 1.
    var heading: (model: String, input: String, output: String, convention: String, batch: String) {
        (analysis.model, analysis.input.description, analysis.output.description, analysis.convention.rawValue,
         analysis.batch > 1 ? ", batch \(analysis.batch)" : "")
    }

    /// Bytes as exact integers (CSV, JSON) or in the report's units (text, Markdown).
    func byteText(exact: Bool) -> (Int) -> String {
        exact ? { String($0) } : { [units] in NumberFormat.bytes($0, units) }
    }

    /// The memory figures as a table: what, the size, and how it was counted.
    public func memoryTable(exact: Bool) -> Table? {
        guard let memory else { return nil }
        let size = byteText(exact: exact)
        let t = memory.torchinfo
        var table = Table(columns: [.init("memory (\(dataType ?? memory.precision.description), batch \(memory.batch))"),
                                    .init("bytes", .right), .init("")])
        table.rows = [
            ["params", size(memory.parameterBytes), "\(NumberFormat.si(analysis.totals.params)) × \(memory.precision.bytesPerElement) B"],
            ["input", size(memory.inputBytes), ""],
            ["activations, peak", size(memory.peakActivationBytes), "inference, at " + (memory.peakAt?.description ?? "the input")],
            ["forward/backward", size(t.totalOutputBytes), "torchinfo: 2 × outputs of layers with params"],
            ["training estimate", size(t.estimatedTotal), "torchinfo: input + forward/backward + params"],
        ]
        return table
    }

    public func text() -> String {
        let h = heading
        return "\(h.model): input \(h.input) → output \(h.output), convention \(h.convention)\(h.batch)\n\n"
            + TextTableRenderer.render(table(exact: false))
            + (detail == .summary ? "" : "activations: \(NumberFormat.si(analysis.totals.activations)) elements\n")
            + (memoryTable(exact: false).map { "\n" + TextTableRenderer.render($0) } ?? "")
            + (stacks.isEmpty ? "" : "\n" + TextTableRenderer.render(stackTable(exact: false)) + stackNotes)
            + (generation.map { "\n" + TextTableRenderer.render(generationTable($0, exact: false)) } ?? "")
    }

    public func markdown() -> String {
        let h = heading
        let layers = detail == .summary ? summaryTable(exact: false) : layerTable(exact: false, activations: true)
        return "**\(h.model)**: input `\(h.input)` → output `\(h.output)`, convention `\(h.convention)`\(h.batch)\n\n"
            + MarkdownTableRenderer.render(layers)
            + (memoryTable(exact: false).map { "\n" + MarkdownTableRenderer.render($0) } ?? "")
            + (stacks.isEmpty ? "" : "\n" + MarkdownTableRenderer.render(stackTable(exact: false)) + stackNotes)
            + (generation.map { "\n" + MarkdownTableRenderer.render(generationTable($0, exact: false)) } ?? "")
    }

    /// The layer table; with generation figures, a blank line and their own table after it.
    public func csv() -> String {
        CSVTableRenderer.render(detail == .summary ? summaryTable(exact: true) : layerTable(exact: true, activations: true))
            + (generation.map { "\n" + CSVTableRenderer.render(generationTable($0, exact: true)) } ?? "")
    }

    public func json() -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("model", .string(analysis.model)),
            ("convention", .string(analysis.convention.rawValue)),
            ("batch", .integer(analysis.batch)),
            ("input", Self.json(analysis.input)),
            ("output", Self.json(analysis.output)),
            ("totals", Self.json(analysis.totals)),
        ]
        // Operators counted as zero make every total a lower bound; a reader of the JSON must see it.
        if !analysis.uncounted.isEmpty {
            members.append(("uncounted", .array(analysis.uncounted.map {
                .object([("operator", .string($0.name)), ("nodes", .integer($0.count))])
            })))
        }
        if let memory { members.append(("memory", Self.json(memory))) }
        if let groups {
            members.append(("groups", .array(groups.map { group in
                .object([("path", .string(group.path.description)), ("layers", .integer(group.layers.count)),
                         ("output", Self.json(group.output))] + Self.counts(group.cost))
            })))
        }
        members.append(("layers", .array(analysis.layers.map(json))))
        if let generation { members.append(("generation", generationJSON(generation))) }
        return .object(members)
    }

    static func json(_ memory: MemoryEstimate) -> JSONValue {
        let t = memory.torchinfo
        return .object([
            ("dtype", .string(memory.precision.description)),
            ("bits", .integer(memory.precision.bits)),
            ("params", .integer(memory.parameterBytes)),
            ("input", .integer(memory.inputBytes)),
            ("peakActivations", .integer(memory.peakActivationBytes)),
            ("peakAt", memory.peakAt.map { .string($0.description) } ?? .null),
            ("trainingEstimate", .integer(t.estimatedTotal)),
            ("torchinfo", .object([("totalInput", .integer(t.totalInput)), ("totalOutputBytes", .integer(t.totalOutputBytes)),
                                   ("totalParamBytes", .integer(t.totalParamBytes))])),
        ])
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
        .object(counts(cost))
    }

    static func counts(_ cost: Cost) -> [(String, JSONValue)] {
        [("params", .integer(cost.params)), ("macs", .integer(cost.macs)), ("flops", .integer(cost.flops)),
         ("activations", .integer(cost.activations))]
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
