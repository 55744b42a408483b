import TissueIR
import TissueMetrics
import TissueNumerics
import TissueTransforms

/// `tissue compress`'s report: every method on the same baseline in one ``ComparisonTable``
/// (rendered by the renderers `tissue table` uses), and what each method found — its channel
/// groups, factored layers, sparse formats' crossover, the value a search found.
public struct CompressionReport: Sendable {
    /// One method (or combination) and its result.
    public struct Row: Sendable {
        /// The spec as written (`channels=0.5+quantize=8`), or the resolved one after a search.
        public var label: String
        public var totals: CompressionTotals
        public var compressed: CompressedNetwork
        public var accuracy: DecimalLiteral?
        /// When the row's value was searched: what was searched and the step before the answer.
        public var search: Search?

        public init(label: String, totals: CompressionTotals, compressed: CompressedNetwork, accuracy: DecimalLiteral? = nil,
                    search: Search? = nil) {
            self.label = label
            self.totals = totals
            self.compressed = compressed
            self.accuracy = accuracy
            self.search = search
        }
    }

    /// A searched value: the spec with `?`, the budgets, the value found and the one before it.
    public struct Search: Sendable {
        public var spec: String
        public var budgets: [CompressionBudget]
        public var value: String
        public var previous: (value: String, rejection: CompressionSearch.Rejection)?

        public init(spec: String, budgets: [CompressionBudget], result: CompressionSearch.Result) {
            self.spec = spec
            self.budgets = budgets
            value = result.value
            previous = result.previous
        }
    }

    public var model: String
    public var convention: Convention
    /// The base precision (`--dtype`).
    public var precision: Precision
    public var baseline: Row
    public var rows: [Row]
    public var table: ComparisonTable

    /// The report of `rows` against `baseline`, with published results in their own groups.
    /// Columns default to ``ComparisonColumn/compress(accuracies:activations:)``.
    public init(model: String, convention: Convention, precision: Precision, baseline: Row, rows: [Row],
                published: [PublishedResult] = [], columns: [ComparisonColumn]? = nil) {
        self.model = model
        self.convention = convention
        self.precision = precision
        self.baseline = baseline
        self.rows = rows
        let accuracies = ([baseline] + rows).contains { $0.accuracy != nil } || !published.isEmpty
        let activations = rows.contains { $0.compressed.activationPrecision != nil }
        var columns = columns ?? ComparisonColumn.compress(accuracies: accuracies, activations: activations)
        if columns == ComparisonColumn.compress(accuracies: accuracies, activations: activations), !published.isEmpty {
            columns.insert(.model, at: 0)
        }
        var builder = ComparisonTableBuilder()
        builder.add(Self.row(baseline, label: model, role: .baseline), model: model)
        for row in rows { builder.add(Self.row(row, label: row.label, role: .candidate), model: model) }
        builder.endGroup()
        for result in published { builder.add(result) }
        var table = ComparisonTable(columns: columns, sections: builder.sections)
        let all = [baseline] + rows
        // A unit in which even the smallest row keeps its digits; published rows keep the unit
        // their source printed.
        table.flopsUnit = published.isEmpty ? Self.unit(all.map(\.totals.effectiveMACs), among: [.giga, .mega, .kilo])
                                             : table.fittingUnit(.flops)
        table.paramsUnit = published.isEmpty ? Self.unit(all.map(\.totals.nonzero), among: [.mega, .kilo])
                                              : table.fittingUnit(.params)
        table.bytesUnit = Self.unit(all.map(\.totals.weightBytes), among: [.giga, .mega, .kilo])
        if !columns.contains(.model) { table.methodTitle = "Method" }
        self.table = table
    }

    static func row(_ row: Row, label: String, role: ResultRole) -> ComparisonRow {
        var result = ComparisonRow(label: label, role: role, figures: Figures(
            accuracy: row.accuracy.map { Amount(value: $0.value, printed: $0.text, basis: .stated) },
            flops: .counted(row.totals.flops), params: .counted(row.totals.params)))
        result.compression = CompressionFigures(row.totals)
        return result
    }

    /// The largest of `units` in which the smallest positive count is at least 0.1, so that
    /// with two decimals every row keeps two significant digits.
    static func unit(_ counts: [Int], among units: [CountUnit]) -> CountUnit {
        let smallest = Double(counts.filter { $0 > 0 }.min() ?? 0)
        return units.first { smallest >= $0.factor / 10 } ?? .one
    }

    // MARK: notes

    /// What each method found, one sentence per row that has something to say.
    public func notes() -> [String] {
        var notes: [String] = []
        for row in rows {
            if let search = row.search { notes.append(Self.describe(search)) }
            for finding in row.compressed.findings { notes.append(row.label + ": " + Self.describe(finding)) }
            if let density = row.totals.crossoverDensity {
                let formats = Set(row.compressed.storage.values.filter { $0.sparsity != nil }.map(\.format.name)).sorted()
                notes.append(row.label + ": " + formats.joined(separator: ", ")
                    + " stores the sparse weights in fewer bytes than dense storage below a density of "
                    + NumberFormat.fixed(density, decimals: 4)
                    + (formats.contains("csr") ? " (index bits and csr's row pointers counted)" : " (index bits counted)"))
            }
        }
        return notes
    }

    static func describe(_ finding: CompressionFinding) -> String {
        switch finding {
        case .channelGroups(let method, let groups):
            let held = groups.filter { $0.group.held != nil }
            let cut = groups.filter { $0.kept < $0.group.channels }.count
            var reasons: [String] = []
            for group in held {
                if let why = group.group.held?.rawValue, !reasons.contains(why) { reasons.append(why) }
            }
            return "\(groups.count) channel groups, \(cut) \(method == "merge" ? "merged" : "pruned")"
                + (held.isEmpty ? "" : ", \(held.count) kept whole (\(reasons.joined(separator: ", ")))")
                + "; --groups lists them"
        case .factored(let layers):
            let ranks = layers.map(\.rank), evens = layers.map(\.breakEven)
            return count(layers.count, "layer") + " factored at rank " + range(ranks) + " (break-even rank " + range(evens) + ")"
        case .separated(let paths):
            return count(paths.count, "convolution") + " split into a spatial and a pointwise part"
        case .stacked(let paths, let rule):
            return count(paths.count, "block") + " stacked (" + paths.prefix(4).map(\.description).joined(separator: ", ")
                + (paths.count > 4 ? ", …" : "") + "); residual rule: " + rule.rule
        }
    }

    /// `1 layer`, `21 layers`.
    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)" + (n == 1 ? "" : "s")
    }

    /// `16`, or `4 to 128`.
    static func range(_ values: [Int]) -> String {
        guard let low = values.min(), let high = values.max() else { return "-" }
        return low == high ? String(low) : "\(low) to \(high)"
    }

    static func describe(_ search: Search) -> String {
        let budgets = search.budgets.map(\.description).joined(separator: ", ")
        var sentence = "'\(search.spec)' searched for \(budgets): \(search.value) is the largest kept setting that fits"
        if let (value, rejection) = search.previous {
            switch rejection {
            case .exceeds(let broken):
                sentence += "; the next step up, \(value), gives "
                    + broken.map { "\($0.budget.metric.rawValue) \(NumberFormat.si($0.measured))" }.joined(separator: ", ")
            case .invalid(let why):
                sentence += "; the next step up, \(value), cannot be applied (\(why))"
            }
        } else {
            sentence += " (the first value tried)"
        }
        return sentence
    }

    // MARK: groups

    /// The channel groups of every row that prunes or merges channels, as tables.
    public func groups() -> String {
        var out = ""
        for row in rows {
            for finding in row.compressed.findings {
                guard case .channelGroups(_, let groups) = finding else { continue }
                out += "\n\(row.label): channel groups\n"
                var table = Table(columns: [.init("group", .right), .init("channels", .right), .init("kept", .right),
                                            .init("ch_groups", .right), .init("layers (dimension, size)")])
                for group in groups {
                    let layers = group.group.members.map { "\($0.path) \($0.dimension.rawValue) \($0.size)" }
                    table.rows.append([String(group.group.id), String(group.group.channels), String(group.kept),
                                       String(group.group.channelGroups),
                                       (group.group.held.map { "(kept whole: \($0.rawValue)) " } ?? "")
                                           + layers.joined(separator: ", ")])
                }
                out += TextTableRenderer.render(table)
            }
        }
        return out
    }

    // MARK: formats

    /// The header line: the model, the convention and the base precision.
    public var summary: String {
        "\(model): every method on the same baseline, convention \(convention.rawValue), weights stored as \(precision)"
    }

    public func text(groups showGroups: Bool = false) -> String {
        var out = summary + "\n\n" + table.text()
        let notes = notes()
        if !notes.isEmpty { out += "\n" + notes.map { $0 + "\n" }.joined() }
        if showGroups { out += groups() }
        return out
    }

    public func markdown() -> String {
        var out = "**\(summary)**\n\n" + table.markdown()
        let notes = notes()
        if !notes.isEmpty { out += "\n" + notes.map { "- " + $0 + "\n" }.joined() }
        return out
    }

    /// The documented JSON (`docs/compression.md`): the comparison table's own JSON under
    /// `table`, and per row its exact totals, the value searched and the channel groups.
    public func json() -> JSONValue {
        func totals(_ t: CompressionTotals) -> JSONValue {
            .object([("params", .integer(t.params)), ("nonzero", .integer(t.nonzero)), ("macs", .integer(t.macs)),
                     ("effectiveMacs", .integer(t.effectiveMACs)), ("flops", .integer(t.flops)),
                     ("activations", .integer(t.activations)), ("weightBytes", .integer(t.weightBytes)),
                     ("activationBytes", .integer(t.activationBytes)),
                     ("crossoverDensity", t.crossoverDensity.map(JSONValue.number) ?? .null)])
        }
        func groups(_ row: Row) -> JSONValue {
            var all: [JSONValue] = []
            for finding in row.compressed.findings {
                guard case .channelGroups(let method, let groups) = finding else { continue }
                all += groups.map { group in
                    .object([("method", .string(method)), ("id", .integer(group.group.id)),
                             ("channels", .integer(group.group.channels)), ("kept", .integer(group.kept)),
                             ("chGroups", .integer(group.group.channelGroups)),
                             ("ratio", group.ratio.map { .string($0.text) } ?? .null),
                             ("keptWhole", group.group.held.map { .string($0.rawValue) } ?? .null),
                             ("members", .array(group.group.members.map { member in
                                 .object([("path", .string(member.path.description)), ("op", .string(member.operation)),
                                          ("dim", .string(member.dimension.rawValue)), ("size", .integer(member.size))])
                             }))])
                }
            }
            return .array(all)
        }
        func search(_ row: Row) -> JSONValue {
            guard let search = row.search else { return .null }
            return .object([("spec", .string(search.spec)), ("budgets", .array(search.budgets.map { .string($0.description) })),
                            ("value", .string(search.value)),
                            ("nextStepUp", search.previous.map { .string($0.value) } ?? .null)])
        }
        return .object([
            ("schema", .string("tissue.compress/1")),
            ("model", .string(model)),
            ("convention", .string(convention.rawValue)),
            ("precision", .string(precision.description)),
            ("rows", .array(([baseline] + rows).enumerated().map { index, row in
                .object([("label", .string(index == 0 ? model : row.label)),
                         ("role", .string(index == 0 ? "baseline" : "candidate")),
                         ("totals", totals(row.totals)), ("search", search(row)), ("groups", groups(row))])
            })),
            ("notes", .array(notes().map(JSONValue.string))),
            ("table", table.json()),
        ])
    }

    /// What each method keeps of the baseline, in %: non-zero parameters, effective MACs and
    /// weight bytes, one bar each per method.
    public func chart() -> BarChart {
        var chart = BarChart(title: "What each method keeps of \(model) (% of the baseline)", categories: rows.map(\.label))
        func percent(_ value: (CompressionTotals) -> Int) -> [Double] {
            let base = Double(value(baseline.totals))
            return rows.map { base > 0 ? 100 * Double(value($0.totals)) / base : .nan }
        }
        let series: [(String, (CompressionTotals) -> Int)] = [
            ("non-zero params", \.nonzero), ("effective MACs", \.effectiveMACs), ("weight bytes", \.weightBytes),
        ]
        chart.panels = [BarPanel(axis: ChartAxis("% of the baseline", fromZero: true), series: series.enumerated().map {
            index, entry in BarSeries(name: entry.0, color: ChartStyle.color(index), values: percent(entry.1))
        })]
        chart.notes = ["Dense params, MACs and FLOPs and every other count are in the table; convention \(convention.rawValue), weights as \(precision)."]
        return chart
    }
}
