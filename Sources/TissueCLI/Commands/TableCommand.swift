import TissueDiagnostics
import TissueIR
import TissueMetrics
import TissueReports

/// `tissue table SPEC`: a paper-style comparison table from a table-spec file.
enum TableCommand: Command {
    static let spec = CommandSpec(
        name: "table",
        abstract: "Render a paper-style comparison table from a table spec.",
        discussion: """
            Reads a table spec (docs/metrics.md): a title, columns, units, and rows taken from the \
            registry of published results ('published lan2022-table2 model=VGG-16'), from results \
            CSV files, and from .arch files with their accuracy ('candidate net.arch acc=70.4'). \
            CE and SE are recomputed wherever accuracy, FLOPs and params are given; otherwise the \
            printed score is shown and marked. Paths in a spec are relative to the spec file.
            """,
        positionals: [.init(name: "SPEC", help: "A table spec file, or '-' for standard input.", optional: true)],
        options: [
            ComparisonOutput.formatOption(),
            .init("convention", short: "c", value: "C", help: "Counting convention for .arch rows (overrides the spec's).",
                  choices: Convention.allCases.map(\.rawValue)),
            ComparisonOutput.resultsOption,
            .init("list-sources", help: "List the registry's sources of published results and exit."),
            Warnings.strictOption,
        ] + InputLimits.options + ComparisonOutput.chartOptions(kinds: [.accFlops, .accParams, .ceSe]),
        examples: [
            "tissue table Examples/paper/tables/table2.table",
            "tissue table Examples/paper/tables/table4.table --format latex --chart t4.svg --chart-kind ce-se",
            "tissue table --list-sources",
        ]
    )

    static func run(_ arguments: ParsedArguments, console: Console) throws(CommandError) -> Int32 {
        var results = try PublishedResults.registry()
        if arguments.flag("list-sources") {
            console.standardOutput(sourceList(results))
            return 0
        }
        guard let specPath = arguments.positionals.first else {
            throw .usage(.missingArgument("SPEC", command: spec.name))
        }
        let (fileName, text) = try ModelLoader(console: console, arguments: arguments).source(of: specPath)
        let parsed: TableSpec
        do {
            parsed = try TableSpec.parse(text)
        } catch {
            throw .input(error, fileName: fileName, source: text)
        }
        let directory = specPath == "-" ? "" : specPath.split(separator: "/", omittingEmptySubsequences: false)
            .dropLast().joined(separator: "/")
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path
        }
        func located(_ error: CommandError, at location: SourceLocation) -> CommandError {
            guard case .file(let path, let reason) = error else { return error }
            return .input(Diagnostic(.cannotReadReferenced(path, reason: reason), at: location), fileName: fileName, source: text)
        }
        for file in parsed.results {
            do {
                results += try PublishedResults.file(resolve(file.value), console: console)
            } catch {
                throw located(error, at: file.location)
            }
        }
        for file in arguments.all("results") { results += try PublishedResults.file(file, console: console) }
        let convention = arguments.choice("convention", as: Convention.self) ?? parsed.convention ?? .standard
        var models: [String: ModelFigures] = [:]
        for path in parsed.modelPaths {
            let model: LoadedModel
            do {
                model = try ModelLoader(console: console, arguments: arguments).load(resolve(path.value))
            } catch {
                throw located(error, at: path.location)
            }
            let analysis = try model.analyze(convention)
            models[path.value] = ModelFigures(analysis, accuracy: model.network.metadata.accuracy,
                                              dataset: model.network.metadata.dataset)
        }
        let table: ComparisonTable
        do {
            table = try parsed.build(results: results, models: models)
        } catch {
            throw .input(error, fileName: fileName, source: text)
        }
        // The chart first: a chart that cannot be written must not follow a printed table.
        try ComparisonOutput.writeChart(table, arguments, console: console)
        let caveats = table.caveats
        ComparisonOutput.render(table, arguments, console: console, warnings: caveats)
        return Warnings.finish(caveats, status: 0, arguments, console: console)
    }

    /// One line per source: its name, rows, and the models it covers.
    static func sourceList(_ results: [PublishedResult]) -> String {
        var sources: [String] = []
        for result in results where !sources.contains(result.source) { sources.append(result.source) }
        var table = Table(columns: [.init("source"), .init("rows", .right), .init("models")])
        for source in sources {
            let rows = results.filter { $0.source == source }
            var models: [String] = []
            for row in rows where !models.contains(row.model) { models.append(row.model) }
            table.rows.append([source, String(rows.count), models.joined(separator: ", ")])
        }
        return TextTableRenderer.render(table)
    }
}
