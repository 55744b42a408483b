import TissueDiagnostics
import TissueIR
import TissueNumerics

/// The published-results layout of ShrinkBench (Blalock, Gonzalez Ortiz, Frankle, Guttag,
/// "What is the State of Neural Network Pruning?", MLSys 2020; `analysis/assets/existing-results/
/// Results-Grid view.csv` of JJGO/shrinkbench). One row is a pruned model together with its
/// unpruned original; percentages are written with `%`; columns other than those below are ignored.
///
/// Candidate accuracy: `Top1`, else 100 − `Err1`, else `OrigTop1` + `dTop1`.
/// Baseline accuracy: `OrigTop1`, else 100 − `OrigErr1`, else `Top1` − `dTop1`.
/// Counts: `MParams`/`OrigMParams` (M), `GFLOPS`/`OrigGFLOPS` (G).
/// Fractions kept (used when a count is missing): `keptParams`, else 1 − `savedParams`, else
/// 1 / `old/new Nparam`; likewise `keptFLOPS`, `savedFLOPS`, `old/new FLOPS`.
public enum ShrinkBenchLayout {
    /// A header is ShrinkBench's when it has the columns that only that layout uses.
    public static func matches(_ header: [String]) -> Bool {
        let names = Set(header.map(\.trimmed))
        return names.contains("OrigTop1") || names.contains("keptFLOPS") || names.contains("old/new FLOPS")
    }

    static func parse(_ records: [CSVRecord], source: String) throws(Diagnostic) -> [PublishedResult] {
        var index: [String: Int] = [:]
        for (i, name) in records[0].fields.enumerated() where index[name.trimmed] == nil {
            index[name.trimmed] = i
        }
        var results: [PublishedResult] = []
        for record in records.dropFirst() {
            results.append(try row(Row(record: record, index: index), source: source))
        }
        return results
    }

    /// Typed access to one record's cells by column name.
    struct Row {
        var record: CSVRecord
        var index: [String: Int]

        func text(_ column: String) -> String? {
            guard let i = index[column] else { return nil }
            let value = record[i].trimmed
            return value.isEmpty || value == "-" ? nil : value
        }

        /// A number, with a trailing `%` allowed; a sign only where `signed`.
        func number(_ column: String, signed: Bool = false) throws(Diagnostic) -> Double? {
            guard let written = text(column) else { return nil }
            var digits = written.hasSuffix("%") ? String(written.dropLast()) : written
            var sign = 1.0
            if signed, let first = digits.first, first == "-" || first == "+" {
                sign = first == "-" ? -1 : 1
                digits.removeFirst()
            }
            guard ResultsFile.isPlainDecimal(digits), let value = Double(digits) else {
                throw Diagnostic(.invalidResultsNumber(written, column: column), at: index[column].flatMap(record.location))
            }
            return sign * value
        }

        /// A count printed in `unit`, keeping the printed digits.
        func amount(_ column: String, unit: CountUnit) throws(Diagnostic) -> Amount? {
            guard let value = try number(column), let written = text(column) else { return nil }
            return Amount(value: value * unit.factor, printed: written, unit: unit, basis: .reported)
        }
    }

    private static func row(_ row: Row, source: String) throws(Diagnostic) -> PublishedResult {
        let top1 = try row.number("Top1"), err1 = try row.number("Err1"), dTop1 = try row.number("dTop1", signed: true)
        let origTop1 = try row.number("OrigTop1"), origErr1 = try row.number("OrigErr1")
        let candidateAccuracy = top1 ?? err1.map { 100 - $0 } ?? origTop1.flatMap { o in dTop1.map { o + $0 } }
        let baselineAccuracy = origTop1 ?? origErr1.map { 100 - $0 } ?? candidateAccuracy.flatMap { c in dTop1.map { c - $0 } }
        /// As printed when the column gives it directly; derived ones (100 − Err1) to two decimals.
        func percent(_ value: Double?, direct column: String, given: Double?) -> Amount? {
            guard let value else { return nil }
            let printed = given != nil ? row.text(column).map { $0.hasSuffix("%") ? String($0.dropLast()) : $0 } : nil
            return Amount(value: value, printed: printed ?? NumberFormat.fixed(value, decimals: 2), basis: .reported)
        }
        let candidate = Figures(accuracy: percent(candidateAccuracy, direct: "Top1", given: top1), flops: try row.amount("GFLOPS", unit: .giga),
                                params: try row.amount("MParams", unit: .mega))
        let baseline = Figures(accuracy: percent(baselineAccuracy, direct: "OrigTop1", given: origTop1), flops: try row.amount("OrigGFLOPS", unit: .giga),
                               params: try row.amount("OrigMParams", unit: .mega))
        func fraction(kept: String, saved: String, ratio: String) throws(Diagnostic) -> Double? {
            if let k = try row.number(kept) { return k / 100 }
            if let s = try row.number(saved) { return 1 - s / 100 }
            if let r = try row.number(ratio), r != 0 { return 1 / r }
            return nil
        }
        let stated = Comparison.StatedFractions(
            flops: try fraction(kept: "keptFLOPS", saved: "savedFLOPS", ratio: "old/new FLOPS"),
            params: try fraction(kept: "keptParams", saved: "savedParams", ratio: "old/new Nparam"))
        let paper = row.text("Paper")
        let method = [paper, row.text("Method")].compactMap { $0 }.joined(separator: " ")
        return PublishedResult(
            source: source, model: row.text("Model") ?? "", dataset: row.text("Dataset"),
            method: method.isEmpty ? (row.text("Name") ?? "") : method, citation: paper, role: .published,
            figures: candidate, ownBaseline: baseline, statedFraction: stated, note: row.text("Notes"),
            location: row.record.location(0))
    }
}
