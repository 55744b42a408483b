import TissueArch
import TissueDiagnostics
import TissueIR
import TissueMetrics
import TissueNumerics
import TissueReports
import TissueTransforms

/// `tissue compress BASE --method SPEC...`: every compression family on the same baseline, in
/// one table; `?` in a method is searched for `--budget`.
enum CompressCommand: Command {
    static let spec = CommandSpec(
        name: "compress",
        abstract: "Compress a baseline with every family of methods and compare them in one table.",
        discussion: """
            Applies each --method to the baseline and puts the results in one table (docs/compression.md): \
            params, non-zero params, dense and effective MACs, FLOPs, weight bytes, what each keeps and its \
            compression of the stored weights, and CE/SE when accuracies are given. Methods: \
            channels=R (structured pruning of coupled channels, Torch-Pruning's uniform rule), merge=R \
            (neuron merging), sparsity=S (unstructured, format=csr|coo|bitmask|nm:N:M, index-bits=B), \
            rank=K or rank=F (low rank, conv=channel|spatial), separable (depthwise + pointwise, groups=G), \
            quantize=BITS (scale=tensor|channel|group:G, activations=BITS) and stack=C2 (piece=, replace=, \
            residual=, as 'tissue stack'). Ratios are the fraction removed. VALUE@GLOB sets a value for \
            the layers whose paths the glob selects ('channels=0.25,0.5@layer3/*'); '+' composes methods \
            in order ('channels=0.5+quantize=8'). A method's value written '?' is searched: the largest \
            kept setting that meets every --budget. -o writes the compressed network of the one --method \
            as .arch (sparsity and bit widths are noted in its header).
            """,
        positionals: [.init(name: "BASE", help: "The baseline .arch file, or '-' for standard input.")],
        options: [
            .init("method", short: "m", value: "SPEC", help: "A method or '+'-joined combination: one row each; repeatable.",
                  repeating: true, required: true),
            .init("budget", value: "METRIC<=Q",
                  help: "A limit for the search of a '?', e.g. flops<=300M; repeatable. Metrics: "
                      + CompressionMetric.allCases.map(\.rawValue).joined(separator: ", ") + ".",
                  repeating: true),
            ProgressBar.quietOption,
            WhatIf.dtype, WhatIf.bytesPerParam,
            .init("convention", short: "c", value: "C", help: "Counting convention for MACs and FLOPs.", default: "standard",
                  choices: Convention.allCases.map(\.rawValue)),
            ComparisonOutput.formatOption(),
            .init("columns", value: "LIST", help: "Comma-separated columns to show, e.g. 'method,params,weight-bytes'."),
            .init("acc", value: "NAME=PCT", help: "Top-1 accuracy of a row (its method as written, or the model's name).",
                  repeating: true),
            .init("groups", help: "Also list the channel groups that channels= and merge= found."),
            .init("published", value: "SOURCE[,KEY=VALUE]",
                  help: "Add published rows from the registry, e.g. 'lan2022-table3,model=ResNet-18'; repeatable.",
                  repeating: true),
            ComparisonOutput.resultsOption,
            .init("output", short: "o", value: "OUT.arch", help: "Write the compressed network of the one --method here."),
        ] + InputLimits.options + ComparisonOutput.chartOptions(kinds: [.kept, .accFlops, .accParams, .ceSe]),
        examples: [
            "tissue compress Examples/zoo/resnet18-cifar10.arch --method channels=0.5 --method sparsity=0.9,format=csr --method rank=0.25 --method separable --method quantize=8",
            "tissue compress Examples/zoo/resnet18-cifar10.arch --method 'channels=?' --budget 'flops<=124M' --format markdown",
            "tissue compress Examples/zoo/mobilenet_v2.arch --method channels=0.25 --groups",
            "tissue compress Examples/zoo/vgg16-cifar10.arch --method channels=0.5+quantize=4,scale=group:64 -o vgg16-small.arch",
        ]
    )

    static func run(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> Int32 {
        let convention = arguments.choice("convention", as: Convention.self) ?? .standard
        let precision: Precision
        do { precision = try arguments.precision() } catch { throw .usage(error) }
        let texts = arguments.all("method")
        var specs: [CompressionSpec] = []
        for text in texts { specs.append(try method(text) { text throws(Diagnostic) in try CompressionSpec.parse(text) }) }
        let budgets = try arguments.all("budget").map { text throws(CommandError) in try budget(text) }
        if !budgets.isEmpty, !specs.contains(where: { $0.searched != nil }) {
            throw .usage(.optionNeeds("budget", "a '--method' with '?' to search, such as '--method channels=?'"))
        }
        if let searching = specs.first(where: { $0.searched != nil }), budgets.isEmpty {
            throw .usage(.rejected(option: "method", value: searching.text,
                                   reason: "'?' is searched for a budget; give one, such as '--budget flops<=300M'"))
        }
        if arguments.wasGiven("output"), specs.count != 1 {
            throw .usage(.optionNeeds("output", "exactly one '--method' (it writes that method's network)"))
        }
        let base = try ModelLoader(console: console, arguments: arguments).load(arguments.positionals[0])
        var rows: [CompressionReport.Row] = []
        for spec in specs {
            let bar = spec.searched == nil ? nil : ProgressBar("compress \(spec.text)", console: console, arguments: arguments)
            defer { bar?.finish() }
            rows.append(try row(spec, base: base.network, budgets: budgets, convention: convention, precision: precision,
                                progress: bar?.reporter))
        }
        let baselineTotals = try method(base.network.name) { _ throws(Diagnostic) in
            try CompressionTotals(CompressedNetwork(base.network), convention: convention, precision: precision)
        }
        let accuracies = try CompareCommand.accuracyOverrides(
            arguments.all("acc"), models: [(base.network.name, base.network.name)] + rows.map { ($0.label, $0.label) })
        let baseline = CompressionReport.Row(label: base.network.name, totals: baselineTotals,
                                             compressed: CompressedNetwork(base.network),
                                             accuracy: accuracies[0] ?? base.network.metadata.accuracy)
        for index in rows.indices { rows[index].accuracy = accuracies[index + 1] }
        let report = CompressionReport(model: base.network.name, convention: convention, precision: precision,
                                       baseline: baseline, rows: rows, published: try published(arguments, console: console),
                                       columns: try CompareCommand.columns(arguments.value("columns")))
        render(report, arguments, console: console, base: base)
        try ComparisonOutput.writeChart(report.table, arguments, console: console, keptChart: { report.chart() })
        if let path = arguments.value("output"), let row = rows.first {
            try write(row, to: path, base: base, arguments: arguments, console: console)
        }
        return 0
    }

    /// One row: the spec's methods applied (or searched) on the baseline.
    static func row(_ spec: CompressionSpec, base: Network, budgets: [CompressionBudget], convention: Convention,
                    precision: Precision, progress: ((Double) -> Void)? = nil) throws(CommandError) -> CompressionReport.Row {
        try method(spec.text) { _ throws(Diagnostic) in
            if spec.searched != nil {
                let search = CompressionSearch(spec: spec, budgets: budgets, convention: convention, precision: precision)
                let result = try search.run(on: base, progress: progress)
                return CompressionReport.Row(label: spec.resolved(result.value), totals: result.totals,
                                             compressed: result.compressed,
                                             search: .init(spec: spec.text, budgets: budgets, result: result))
            }
            let compressed = try CompressionMethod.apply(try spec.methods(), to: base)
            return CompressionReport.Row(label: spec.text, totals: try CompressionTotals(compressed, convention: convention,
                                                                                         precision: precision),
                                         compressed: compressed)
        }
    }

    /// Runs `body`, an engine step for the `--method` `text`, turning its error into a usage error
    /// that quotes the method.
    static func method<T>(_ text: String, _ body: (String) throws(Diagnostic) -> T) throws(CommandError) -> T {
        do {
            return try body(text)
        } catch {
            throw .usage(.rejected(option: "method", value: text, reason: error.message))
        }
    }

    static func render(_ report: CompressionReport, _ arguments: ParsedArguments, console: Console, base: LoadedModel) {
        switch arguments.choice("format", as: ComparisonFormat.self) ?? .text {
        case .text: console.standardOutput(report.text(groups: arguments.flag("groups")))
        case .markdown: console.standardOutput(report.markdown())
        case .json: console.standardOutput(report.json().rendered() + "\n")
        case .csv, .latex, .html:
            ComparisonOutput.render(report.table, arguments, console: console, drawings: {
                let models = [base.network] + report.rows.map(\.compressed.network)
                return HTMLOutput.drawings(models.compactMap { network in
                    (try? Analysis(network, convention: report.convention)).map { (network, $0) }
                })
            }, layerChart: { report.chart() })
        }
    }

    /// `-o OUT.arch`: the row's network, with what the text cannot say in its header.
    static func write(_ row: CompressionReport.Row, to path: String, base: LoadedModel, arguments: ParsedArguments,
                      console: Console) throws(CommandError) {
        var network = row.compressed.network
        network.name = base.network.name + "-compressed"
        var header = ["Compressed version of \(base.network.name), written by",
                      "  tissue compress \(arguments.positionals[0]) --method \(row.label)"]
        header += storageNotes(row.compressed)
        let source = try ArchOutput.print(network, header: header)
        do { try console.writeFile(path, source) } catch {
            throw .cannotWrite(path: path, reason: FileProblem.reason(error, .write))
        }
    }

    /// Header lines for the weight storage that `.arch` has no statement for.
    static func storageNotes(_ compressed: CompressedNetwork) -> [String] {
        var lines: [String] = []
        var seen: [String: Int] = [:]
        var order: [String] = []
        for (_, storage) in compressed.storage.sorted(by: { $0.key < $1.key }) {
            var parts: [String] = []
            if let sparsity = storage.sparsity {
                parts.append("sparsity \(sparsity) in \(storage.format.name)"
                             + (storage.format.usesIndexBits ? " with \(storage.indexBits)-bit indices" : ""))
            }
            if let precision = storage.precision {
                parts.append("\(precision.bits)-bit weights" + (storage.scale.map { " with \($0.name) scales" } ?? ""))
            }
            let line = parts.joined(separator: ", ")
            if seen[line] == nil { order.append(line) }
            seen[line, default: 0] += 1
        }
        if !order.isEmpty {
            lines.append("Weight storage (not expressible in .arch; the layers below are their dense shapes):")
            for line in order { lines.append("  \(seen[line] ?? 0) layers: \(line)") }
        }
        if let activations = compressed.activationPrecision {
            lines.append("Activations stored as \(activations).")
        }
        return lines
    }

    /// `flops<=300M`, `weight-bytes<=5M`.
    static func budget(_ text: String) throws(CommandError) -> CompressionBudget {
        let (name, limit, written) = try BudgetOption.parse(text, metrics: CompressionMetric.allCases.map(\.rawValue))
        return CompressionBudget(metric: CompressionMetric(rawValue: name) ?? .flops, limit: limit, written: written)
    }

    /// `--results FILE` and `--published SOURCE,KEY=VALUE`.
    static func published(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> [PublishedResult] {
        var rows: [PublishedResult] = []
        let selections = arguments.all("published")
        if !selections.isEmpty {
            let registry = try PublishedResults.registry()
            for selection in selections {
                do { rows += try TableSpec.published(selection, from: registry) } catch {
                    throw .usage(.rejected(option: "published", value: selection, reason: error.message))
                }
            }
        }
        for file in arguments.all("results") { rows += try PublishedResults.file(file, console: console) }
        return rows
    }
}
