import TissueDiagnostics
import TissueMetrics
import TissueNumerics

extension TableSpec {
    /// Assembles the table: published rows selected from `results` (registry and results files,
    /// by source name), `.arch` rows from `models` (keyed by the path as the spec writes it).
    /// Selections that match nothing and unknown targets are errors at their place in the spec.
    public func build(results: [PublishedResult], models: [String: ModelFigures]) throws(Diagnostic) -> ComparisonTable {
        var builder = ComparisonTableBuilder()
        for entry in entries {
            switch entry {
            case .section(let heading): builder.startSection(heading)
            case .group(let title): builder.startGroup(title)
            case .published(let selector):
                for result in try Self.select(selector, from: results) { builder.add(result) }
            case .model(let entry):
                guard let model = models[entry.path] else { continue }
                var figures = model.figures
                if let accuracy = entry.accuracy {
                    figures.accuracy = Amount(value: accuracy.value, printed: accuracy.text, basis: .stated)
                }
                let label = entry.label ?? (entry.role == .baseline ? "Baseline" : model.name)
                builder.add(ComparisonRow(label: label, role: entry.role, dataset: entry.dataset ?? model.dataset,
                                          figures: figures, source: entry.path), model: model.name)
            }
        }
        guard !builder.sections.allSatisfy({ $0.groups.allSatisfy { $0.rows.isEmpty } }) else {
            throw Diagnostic(.emptyTable, at: nil)
        }
        var table = ComparisonTable(title: title, columns: columns ?? ComparisonColumn.paper,
                                    decimals: decimals ?? 2, scores: scores ?? .computed, sections: builder.sections)
        table.flopsUnit = flopsUnit ?? table.fittingUnit(.flops)
        table.paramsUnit = paramsUnit ?? table.fittingUnit(.params)
        if let target {
            if case .row(let label) = target.value, !table.allRows.contains(where: { $0.row.label == label }) {
                throw Diagnostic(.unknownTarget(label, suggestion: Suggestion.closest(
                    to: label, among: table.allRows.map(\.row.label))), at: target.location)
            }
            table.target = target.value
        }
        return table
    }

    /// The rows a `published` statement selects, written on the command line as
    /// `SOURCE[,KEY=VALUE...]` (`lan2022-table3,model=ResNet-18`).
    public static func published(_ selector: String, from results: [PublishedResult]) throws(Diagnostic) -> [PublishedResult] {
        var rows: [PublishedResult] = []
        for entry in try parse("published " + selector.split(separator: ",").joined(separator: " ")).entries {
            if case .published(let parsed) = entry { rows += try select(parsed, from: results) }
        }
        return rows
    }

    /// The rows of the selector's source that match every filter (case-insensitive; `method`
    /// matches the method or its label with the reference, `VP` or `VP [53]`).
    static func select(_ selector: Selector, from results: [PublishedResult]) throws(Diagnostic) -> [PublishedResult] {
        let name = selector.source.value
        let rows = results.filter { $0.source == name }
        guard !rows.isEmpty else {
            var sources: [String] = []
            for result in results where !sources.contains(result.source) { sources.append(result.source) }
            throw Diagnostic(.unknownResultsSource(name, suggestion: Suggestion.closest(to: name, among: sources)),
                             at: selector.source.location)
        }
        var matched = rows
        for filter in selector.filters {
            let narrowed = matched.filter { filter.matches($0) }
            guard !narrowed.isEmpty else {
                let values = matched.flatMap { filter.key.values(of: $0) }
                throw Diagnostic(.noMatchingResults(source: name, filter: "\(filter.key.rawValue)='\(filter.value)'",
                                                    suggestion: Suggestion.closest(to: filter.value, among: values)),
                                 at: selector.location)
            }
            matched = narrowed
        }
        return matched
    }
}

extension TableSpec.Filter {
    func matches(_ result: PublishedResult) -> Bool {
        key.values(of: result).contains { $0.lowercased() == value.lowercased() }
    }
}

extension TableSpec.Filter.Key {
    /// The values of a row this key compares against.
    func values(of result: PublishedResult) -> [String] {
        switch self {
        case .model: [result.model]
        case .method: [result.method, result.label]
        case .dataset: result.dataset.map { [$0] } ?? []
        case .role: [result.role.rawValue]
        case .section: result.section.map { [$0] } ?? []
        }
    }
}
