import TissueDiagnostics
import TissueIR
import TissueMetrics
import TissueReports

extension FuzzProperty {
    /// `tablespec`: spec text → ``TableSpec/parse(_:)`` → ``TableSpec/build(results:models:)`` with
    /// the registry's published results and made-up figures for every `.arch` the spec names (the
    /// path decides them, zero included, so the fuzzer can reach every case) → the table in every
    /// format `table` writes and its three charts. A rejected spec must give a diagnostic inside
    /// it; the CSV output must read back as a rectangular CSV.
    public static func tableSpec(_ bytes: [UInt8], context: FuzzContext) throws(FuzzFailure) {
        guard let source = text(bytes) else { return }
        stage("parse the spec")
        let spec: TableSpec
        do { spec = try TableSpec.parse(source) } catch {
            try checkDiagnostic(error, source: source, harness: "tablespec", stage: "parse", needsLocation: true)
            return
        }
        var results: [PublishedResult] = []
        for name in FuzzContext.registryFiles {
            guard let csv = context.registry[name] else { continue }
            do { results += try ResultsFile.parse(csv, source: name) } catch {
                throw FuzzFailure("tablespec", "the registry reads", "\(name): \(error.message)")
            }
        }
        var models: [String: ModelFigures] = [:]
        for path in spec.modelPaths {
            models[path.value] = madeUpFigures(path.value)
        }
        stage("build the table")
        let table: ComparisonTable
        do { table = try spec.build(results: results, models: models) } catch {
            try checkDiagnostic(error, source: source, harness: "tablespec", stage: "build")
            return
        }
        try render(table, harness: "tablespec")
    }

    /// `results`: CSV text in either layout → ``ResultsFile/parse(_:source:)`` → every row as a
    /// table (`published fuzz`), rendered as `table` and `compare` do. A rejected file must give a
    /// diagnostic inside it.
    public static func results(_ bytes: [UInt8], context: FuzzContext) throws(FuzzFailure) {
        guard let source = text(bytes) else { return }
        stage("parse the results")
        let results: [PublishedResult]
        do { results = try ResultsFile.parse(source, source: "fuzz") } catch {
            try checkDiagnostic(error, source: source, harness: "results", stage: "parse")
            return
        }
        guard !results.isEmpty else { return }
        stage("scores of every row")
        for result in results {
            // The scores `compare` derives for a row with its own baseline.
            if let baseline = result.ownBaseline {
                let comparison = Comparison(baseline: baseline, candidate: result.figures, statedFraction: result.statedFraction)
                _ = (comparison.computationEfficiency, comparison.storageEfficiency, comparison.speedUp,
                     comparison.compressionRatio, comparison.accuracyChange)
            }
        }
        let spec: TableSpec
        do { spec = try TableSpec.parse("title \"fuzz\"\npublished fuzz\n") } catch {
            throw FuzzFailure("results", "a fixed spec parses", error.message)
        }
        stage("build the table")
        let table: ComparisonTable
        do { table = try spec.build(results: results, models: [:]) } catch {
            try checkDiagnostic(error, source: source, harness: "results", stage: "build")
            return
        }
        try render(table, harness: "results")
    }

    /// Figures for an `.arch` path of a spec, decided by the path so the fuzzer controls them.
    static func madeUpFigures(_ path: String) -> ModelFigures {
        let n = path.unicodeScalars.count
        return ModelFigures(name: "model-\(n)", dataset: n % 3 == 0 ? nil : "set\(n % 3)", figures: Figures(
            accuracy: n % 2 == 0 ? Amount(value: Double(n % 101), printed: "\(n % 101)", basis: .stated) : nil,
            flops: .counted(n % 7 == 0 ? 0 : n * 1_234_567_891), params: .counted(n % 5 == 0 ? 0 : n * 98_765)),
            source: path)
    }

    /// Every format and chart of a comparison table; the CSV must read back rectangular.
    static func render(_ table: ComparisonTable, harness: String) throws(FuzzFailure) {
        stage("render the table")
        _ = table.text() + table.markdown() + table.latex() + table.json().rendered()
        stage("draw the charts")
        _ = table.accuracyChart(.flops).svg() + table.accuracyChart(.params).svg() + table.scoreChart().svg()
        stage("read the CSV output back")
        let csv = table.csv()
        let records: [CSVRecord]
        do { records = try CSVReader.parse(csv) } catch {
            throw FuzzFailure(harness, "the CSV output reads back", "\(error.message)\n--- csv ---\n\(csv)")
        }
        guard let width = records.first?.fields.count else { return }
        for (index, record) in records.enumerated() where record.fields.count != width {
            throw FuzzFailure(harness, "the CSV output is rectangular",
                              "record \(index + 1) has \(record.fields.count) fields, the header \(width)\n--- csv ---\n\(csv)")
        }
    }
}
