import TissueBudgets
import TissueIR
import TissueNumerics

/// Renders the results of `tissue check`: a text table per file, a JSON document, JUnit XML
/// (`BudgetReport+JUnit.swift`) and GitHub Actions annotations (`BudgetReport+GitHub.swift`).
public struct BudgetReport: Sendable {
    /// One checked file.
    public struct Entry: Sendable {
        /// The path as the user gave it (`<stdin>` for `-`).
        public var file: String
        public var model: String
        public var results: [BudgetResult]

        public init(file: String, model: String, results: [BudgetResult]) {
            self.file = file
            self.model = model
            self.results = results
        }

        public var passed: Bool { results.allSatisfy(\.passed) }
        public var failures: Int { results.filter { !$0.passed }.count }
    }

    public var entries: [Entry]
    public var convention: Convention
    /// The file CE and SE were measured against, if any.
    public var baseline: String?

    public init(entries: [Entry], convention: Convention, baseline: String? = nil) {
        self.entries = entries
        self.convention = convention
        self.baseline = baseline
    }

    public var passed: Bool { entries.allSatisfy(\.passed) }
    public var budgetCount: Int { entries.reduce(0) { $0 + $1.results.count } }
    public var failureCount: Int { entries.reduce(0) { $0 + $1.failures } }

    // MARK: Text

    public func text() -> String {
        var out = baseline.map { "CE and SE against the baseline \($0)\n\n" } ?? ""
        for entry in entries {
            out += "\(entry.file): \(entry.model), convention \(convention.rawValue)\n"
            var table = Table(columns: [
                .init("budget"), .init("measured", .right), .init("limit", .right), .init("margin", .right),
                .init("margin %", .right), .init("source"), .init("result"),
            ])
            for result in entry.results {
                table.rows.append([
                    result.metric.displayName, Self.format(result.measured), result.metric.comparison + " " + result.budget.written,
                    Self.signed(result.margin), Self.percent(result.marginPercent), Self.source(result.budget.source),
                    result.passed ? "ok" : "FAIL",
                ])
            }
            out += TextTableRenderer.render(table) + "\n"
        }
        out += summary() + "\n"
        return out
    }

    /// `check passed: 5 budgets hold in 2 files` or `check failed: 1 of 5 budgets exceeded in 1 of 2 files`.
    public func summary() -> String {
        let files = entries.count == 1 ? "1 file" : "\(entries.count) files"
        if passed {
            return "check passed: \(Self.plural(budgetCount, "budget")) \(budgetCount == 1 ? "holds" : "hold") in \(files)"
        }
        let failedFiles = entries.filter { !$0.passed }.count
        return "check failed: \(failureCount) of \(Self.plural(budgetCount, "budget")) not met in \(failedFiles) of \(files)"
    }

    /// One sentence per result, for annotations and JUnit messages:
    /// `params 12.30M exceeds the limit 11.2M by 1.100M (9.8%)`.
    public static func sentence(_ result: BudgetResult) -> String {
        let name = result.metric.displayName
        let measured = format(result.measured), limit = result.budget.written
        let gap = format(magnitude(result.margin)) + (result.marginPercent.map { " (\(percent(abs($0), signed: false)))" } ?? "")
        if result.passed {
            return "\(name) \(measured) is within the \(result.metric.isMaximum ? "limit" : "minimum") \(limit), margin \(gap)"
        }
        return result.metric.isMaximum
            ? "\(name) \(measured) exceeds the limit \(limit) by \(gap)"
            : "\(name) \(measured) is below the minimum \(limit) by \(gap)"
    }

    // MARK: JSON

    /// The documented schema (docs/cli.md): counts are exact integers, scores decimals.
    public func json() -> JSONValue {
        .object([
            ("passed", .bool(passed)),
            ("convention", .string(convention.rawValue)),
            ("baseline", baseline.map(JSONValue.string) ?? .null),
            ("budgets", .integer(budgetCount)),
            ("failures", .integer(failureCount)),
            ("files", .array(entries.map { entry in
                .object([
                    ("file", .string(entry.file)),
                    ("model", .string(entry.model)),
                    ("passed", .bool(entry.passed)),
                    ("budgets", .array(entry.results.map(Self.json))),
                ])
            })),
        ])
    }

    static func json(_ result: BudgetResult) -> JSONValue {
        .object([
            ("metric", .string(result.metric.rawValue)),
            ("comparison", .string(result.metric.comparison)),
            ("measured", json(result.measured)),
            ("limit", json(result.budget.limit)),
            ("written", .string(result.budget.written)),
            ("margin", json(result.margin)),
            ("marginPercent", result.marginPercent.map { .number(($0 * 100).rounded() / 100) } ?? .null),
            ("source", json(result.budget.source)),
            ("passed", .bool(result.passed)),
        ])
    }

    static func json(_ value: BudgetValue) -> JSONValue {
        switch value {
        case .count(let n): .integer(n)
        case .score(let x): .number(x)
        }
    }

    static func json(_ source: BudgetSource) -> JSONValue {
        switch source {
        case .file(let location):
            .object([("kind", .string("file")), ("line", .integer(location.line)), ("column", .integer(location.column))])
        case .option(let name, let overrides):
            .object([("kind", .string("option")), ("option", .string(name)),
                     ("overrides", .array(overrides.map { .object([("line", .integer($0.line)), ("column", .integer($0.column))]) }))])
        }
    }

    // MARK: Formatting

    /// Counts with SI suffixes; scores with three decimals.
    static func format(_ value: BudgetValue) -> String {
        switch value {
        case .count(let n): NumberFormat.si(n)
        case .score(let x): NumberFormat.fixed(x, decimals: 3)
        }
    }

    static func signed(_ value: BudgetValue) -> String {
        let text = format(value)
        return value.doubleValue > 0 ? "+" + text : text
    }

    static func magnitude(_ value: BudgetValue) -> BudgetValue {
        switch value {
        case .count(let n): .count(n == Int.min ? Int.max : abs(n))
        case .score(let x): .score(abs(x))
        }
    }

    static func percent(_ value: Double?, signed: Bool = true) -> String {
        guard let value else { return "n/a" }
        let text = NumberFormat.fixed(value, decimals: 1) + "%"
        return signed && value > 0 ? "+" + text : text
    }

    static func source(_ source: BudgetSource) -> String {
        switch source {
        case .file(let location): "line \(location.line)"
        case .option(let name, let overrides):
            overrides.isEmpty ? name : "\(name) (overrides line \(overrides.map { String($0.line) }.joined(separator: ", ")))"
        }
    }

    static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
