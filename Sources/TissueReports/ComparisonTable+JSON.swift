import TissueMetrics

extension ComparisonTable {
    /// The JSON schema's name and version; bump the version on any incompatible change.
    public static let jsonSchema = "tissue.comparison/1"

    /// The documented JSON form (`docs/metrics.md`, "JSON schema"):
    ///
    ///     {"schema": "tissue.comparison/1", "title": str|null,
    ///      "units": {"flops": "1e8", "params": "M"[, "bytes": "M"]}, "target": number|str,
    ///      "columns": [{"key": str, "title": str}],
    ///      "sections": [{"heading": str|null, "groups": [{"title": str, "rows": [
    ///         {"label": str, "role": "baseline"|"candidate"|"published", "dataset": str|null,
    ///          "source": str|null, "citation": str|null,
    ///          "cells": {KEY: {"text": str|null, "value": number|null, "basis": str|null,
    ///                          "why": str|null}}}]}]}]}
    ///
    /// `bytes` is there when the table has a byte column. `value` is in base units: counts for FLOPs and params, percent for accuracies and
    /// kept/saved, plain ratios for CE, SE, speed-up and compression. `basis` is `reported`,
    /// `counted`, `stated` or `computed`; `why` says why an empty derived cell is empty. CE and
    /// SE cells also carry `"reported"`: the source's printed score or null.
    /// `warnings`: the caveats the command gave, as sentences (`"warnings": [str]`).
    public func json(warnings: [Caveat] = []) -> JSONValue {
        let targetValue: JSONValue
        switch target {
        case .value(let v): targetValue = .number(v)
        case .row(let label): targetValue = .string(label)
        }
        return .object([
            ("schema", .string(Self.jsonSchema)),
            ("title", title.map(JSONValue.string) ?? .null),
            ("units", .object([("flops", .string(flopsUnit.rawValue)), ("params", .string(paramsUnit.rawValue))]
                              + (columns.contains { $0 == .weightBytes || $0 == .activationBytes }
                                  ? [("bytes", .string(bytesUnit.rawValue))] : []))),
            ("target", targetValue),
            ("columns", .array(columns.map { .object([("key", .string($0.rawValue)), ("title", .string(title($0)))]) })),
            ("sections", .array(sections.map { section in
                .object([
                    ("heading", section.heading.map(JSONValue.string) ?? .null),
                    ("groups", .array(section.groups.map { group in
                        .object([("title", .string(group.title)), ("rows", .array(group.rows.map { json($0, in: group) }))])
                    })),
                ])
            })),
            ("warnings", .array(warnings.map { .string($0.description) })),
        ])
    }

    func json(_ row: ComparisonRow, in group: Group) -> JSONValue {
        let optional: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        return .object([
            ("label", .string(row.label)),
            ("role", .string(row.role.rawValue)),
            ("dataset", optional(row.dataset)),
            ("source", optional(row.source)),
            ("citation", optional(row.citation)),
            ("cells", .object(columns.map { column in
                let cell = cell(column, row, in: group)
                var members: [(String, JSONValue)] = [
                    ("text", optional(cell.text)),
                    ("value", cell.value.map(JSONValue.number) ?? .null),
                    ("basis", optional(cell.basis?.rawValue)),
                    ("why", optional(cell.why?.description)),
                ]
                if let resource = column == .ce ? Measure.flops : column == .se ? .params : nil {
                    members.append(("reported", row.reported(resource).map { .number($0.value) } ?? .null))
                }
                return (column.rawValue, .object(members))
            })),
        ])
    }
}
