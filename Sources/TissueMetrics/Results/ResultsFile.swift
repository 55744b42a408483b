import TissueDiagnostics

/// Reads published results from CSV text in either of two layouts, chosen by the header:
///
/// - `tissue`'s own (the registry's): one row per model, columns named in ``Column``; numbers
///   exactly as printed, `-` or empty for unknown, FLOPs and params in the unit of
///   `flops_unit`/`params_unit` (`1`, `k`, `M`, `1e8`, `G`, `T`). See `docs/metrics.md`.
/// - ShrinkBench's (`Results-Grid view.csv` of JJGO/shrinkbench): one row per pruned model with
///   its baseline in the same row (`Top1`/`OrigTop1`, `MParams`/`OrigMParams`, `keptFLOPS`, ...);
///   see ``ShrinkBenchLayout``.
///
/// Pure: the caller reads the file and passes its text and a source name.
public enum ResultsFile {
    /// The columns of `tissue`'s layout. `model` and `method` are required.
    public enum Column: String, Sendable, CaseIterable {
        case section, model, dataset, method, ref, cite, role, acc, flops, flops_unit, params, params_unit, ce, se, note
    }

    public static func parse(_ text: String, source: String) throws(Diagnostic) -> [PublishedResult] {
        let records = try CSVReader.parse(text)
        guard let header = records.first else { return [] }
        if ShrinkBenchLayout.matches(header.fields) {
            return try ShrinkBenchLayout.parse(records, source: source)
        }
        return try parseTissueLayout(records, source: source)
    }

    static func parseTissueLayout(_ records: [CSVRecord], source: String) throws(Diagnostic) -> [PublishedResult] {
        let header = records[0]
        var index: [Column: Int] = [:]
        for (i, name) in header.fields.enumerated() {
            let key = name.trimmed.lowercased()
            guard let column = Column(rawValue: key) else {
                let names = Column.allCases.map(\.rawValue)
                throw Diagnostic(.unknownResultsColumn(name, suggestion: Suggestion.closest(to: key, among: names),
                                                       accepted: names), at: header.location(i))
            }
            index[column] = i
        }
        for required in [Column.model, .method] where index[required] == nil {
            throw Diagnostic(.missingResultsColumn(required.rawValue), at: header.location(0))
        }
        var results: [PublishedResult] = []
        for record in records.dropFirst() {
            if record.fields.count > header.fields.count {
                throw Diagnostic(.extraResultsFields(expected: header.fields.count, found: record.fields.count),
                                 at: record.location(header.fields.count))
            }
            results.append(try row(record, index: index, source: source))
        }
        return results
    }

    private static func row(_ record: CSVRecord, index: [Column: Int], source: String) throws(Diagnostic) -> PublishedResult {
        func text(_ column: Column) -> String? {
            guard let i = index[column] else { return nil }
            let value = record[i].trimmed
            return value.isEmpty || value == "-" ? nil : value
        }
        func unit(_ column: Column) throws(Diagnostic) -> CountUnit {
            guard let written = text(column) else { return .one }
            guard let unit = CountUnit(token: written) else {
                throw Diagnostic(.unknownUnit(written, accepted: CountUnit.accepted), at: index[column].flatMap(record.location))
            }
            return unit
        }
        func number(_ column: Column, unit: CountUnit = .one) throws(Diagnostic) -> Amount? {
            guard let written = text(column) else { return nil }
            guard Self.isPlainDecimal(written), let amount = Amount.reported(written, unit: unit) else {
                throw Diagnostic(.invalidResultsNumber(written, column: column.rawValue),
                                 at: index[column].flatMap(record.location))
            }
            return amount
        }
        var role = ResultRole.published
        if let written = text(.role) {
            guard let parsed = ResultRole(rawValue: written.lowercased()) else {
                let roles = ResultRole.allCases.map(\.rawValue)
                throw Diagnostic(.unknownRole(written, suggestion: Suggestion.closest(to: written, among: roles), accepted: roles),
                                 at: index[.role].flatMap(record.location))
            }
            role = parsed
        }
        let accuracy = try number(.acc)
        if let accuracy, accuracy.value > 100 {
            throw Diagnostic(.accuracyOutOfRange(accuracy.printed ?? ""), at: index[.acc].flatMap(record.location))
        }
        let figures = Figures(accuracy: accuracy, flops: try number(.flops, unit: try unit(.flops_unit)),
                              params: try number(.params, unit: try unit(.params_unit)))
        return PublishedResult(
            source: source, section: text(.section), model: text(.model) ?? "", dataset: text(.dataset),
            method: text(.method) ?? "", reference: text(.ref), citation: text(.cite), role: role, figures: figures,
            reportedCE: try number(.ce), reportedSE: try number(.se), note: text(.note), location: record.location(0))
    }

    /// Digits with at most one decimal point: `7.79`, `5.4`, `1`, `.5`. No sign, no exponent.
    public static func isPlainDecimal(_ text: String) -> Bool {
        var digits = 0, points = 0
        for c in text.unicodeScalars {
            if c == "." { points += 1 } else if ("0"..."9").contains(c) { digits += 1 } else { return false }
        }
        return digits > 0 && points <= 1
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (Foundation-free).
    var trimmed: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }
}
