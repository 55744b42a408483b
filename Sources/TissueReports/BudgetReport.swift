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
        /// The model's name; nil when the file could not be read.
        public var model: String?
        public var results: [BudgetResult]
        /// Why the file could not be checked (nil when it was).
        public var problem: Problem?

        public init(file: String, model: String, results: [BudgetResult]) {
            self.file = file
            self.model = model
            self.results = results
        }

        /// A file that could not be checked.
        public init(file: String, model: String? = nil, problem: Problem) {
            self.file = file
            self.model = model
            results = []
            self.problem = problem
        }

        public var passed: Bool { problem == nil && results.allSatisfy(\.passed) }
        public var failures: Int { results.filter { !$0.passed }.count }
    }

    /// An input error or a file with nothing to check: one sentence, and where it is (the file
    /// may be another one, such as the baseline, when that is where the problem lies).
    public struct Problem: Sendable, Equatable {
        public enum Kind: String, Sendable {
            /// The file (or one it needs) cannot be read, parsed or counted.
            case inputError = "input-error"
            /// The file has no budget and none was given on the command line.
            case noBudget = "no-budget"
        }

        public var kind: Kind
        public var message: String
        public var file: String
        public var line: Int?
        public var column: Int?

        public init(_ kind: Kind, message: String, file: String, line: Int? = nil, column: Int? = nil) {
            self.kind = kind
            self.message = message
            self.file = file
            self.line = line
            self.column = column
        }

        /// `FILE:LINE:COL` or `FILE`.
        public var place: String {
            file + (line.map { ":\($0)" } ?? "") + (column.map { ":\($0)" } ?? "")
        }
    }

    public var entries: [Entry]
    public var convention: Convention
    /// The file CE and SE were measured against, if any.
    public var baseline: String?
    /// How byte budgets are shown.
    public var units: ByteUnits = .si

    public init(entries: [Entry], convention: Convention, baseline: String? = nil, units: ByteUnits = .si) {
        self.entries = entries
        self.convention = convention
        self.baseline = baseline
        self.units = units
    }

    public var passed: Bool { entries.allSatisfy(\.passed) }
    public var budgetCount: Int { entries.reduce(0) { $0 + $1.results.count } }
    public var failureCount: Int { entries.reduce(0) { $0 + $1.failures } }
    /// Files that could not be checked.
    public var problemCount: Int { entries.filter { $0.problem != nil }.count }

    // MARK: Text

    public func text() -> String {
        var out = baseline.map { "CE and SE against the baseline \($0)\n\n" } ?? ""
        for entry in entries {
            if let problem = entry.problem {
                out += "\(entry.file): not checked: \(problem.message)" + (problem.file == entry.file ? "" : " [\(problem.place)]") + "\n\n"
                continue
            }
            out += "\(entry.file): \(entry.model ?? ""), convention \(convention.rawValue)\n"
            var table = Table(columns: [
                .init("budget"), .init("measured", .right), .init("limit", .right), .init("margin", .right),
                .init("margin %", .right), .init("source"), .init("result"),
            ])
            for result in entry.results {
                table.rows.append([
                    result.metric.displayName, format(result.measured, result.metric),
                    result.metric.comparison + " " + result.budget.written,
                    signed(result.margin, result.metric), Self.percent(result.marginPercent), Self.source(result.budget.source),
                    result.passed ? "ok" : "FAIL",
                ])
            }
            out += TextTableRenderer.render(table) + "\n"
        }
        out += summary() + "\n"
        return out
    }

    /// `check passed: 5 budgets hold in 2 files` or `check failed: 1 of 5 budgets not met in 1 of 2
    /// files`; with files that could not be checked, `check failed` or `check incomplete: 1 of 3
    /// files could not be checked; ...` about the others.
    public func summary() -> String {
        let checked = entries.count - problemCount
        let files = checked == 1 ? "1 file" : "\(checked) files"
        let failedFiles = entries.filter { $0.problem == nil && !$0.passed }.count
        var verdict = ""
        if failedFiles > 0 {
            verdict = "\(failureCount) of \(Self.plural(budgetCount, "budget")) not met in \(failedFiles) of \(files)"
        } else if checked > 0 {
            verdict = "\(Self.plural(budgetCount, "budget")) \(budgetCount == 1 ? "holds" : "hold") in \(files)"
        }
        guard problemCount > 0 else { return (failedFiles > 0 ? "check failed: " : "check passed: ") + verdict }
        let unchecked = "\(problemCount) of \(Self.plural(entries.count, "file")) could not be checked"
        return (failedFiles > 0 ? "check failed: " : "check incomplete: ") + unchecked + (verdict.isEmpty ? "" : "; " + verdict)
    }

    /// One sentence per result, for annotations and JUnit messages:
    /// `params 12.30M exceeds the limit 11.2M by 1.100M (9.8%)`.
    public func sentence(_ result: BudgetResult) -> String {
        let name = result.metric.displayName
        let measured = format(result.measured, result.metric), limit = result.budget.written
        let gap = format(Self.magnitude(result.margin), result.metric)
            + (result.marginPercent.map { " (\(Self.percent(abs($0), signed: false)))" } ?? "")
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
            ("errors", .integer(problemCount)),
            ("files", .array(entries.map { entry in
                var members: [(String, JSONValue)] = [
                    ("file", .string(entry.file)),
                    ("model", entry.model.map(JSONValue.string) ?? .null),
                    ("passed", .bool(entry.passed)),
                    ("budgets", .array(entry.results.map(Self.json))),
                ]
                if let problem = entry.problem {
                    members.append(("error", .object([
                        ("kind", .string(problem.kind.rawValue)), ("message", .string(problem.message)),
                        ("file", .string(problem.file)), ("line", problem.line.map(JSONValue.integer) ?? .null),
                        ("column", problem.column.map(JSONValue.integer) ?? .null),
                    ])))
                }
                return .object(members)
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

    /// Counts with SI suffixes, byte sizes in the report's units, scores with three decimals.
    func format(_ value: BudgetValue, _ metric: BudgetMetric) -> String {
        switch value {
        case .count(let n): metric.isBytes ? NumberFormat.bytes(n, units) : NumberFormat.si(n)
        case .score(let x): NumberFormat.fixed(x, decimals: 3)
        }
    }

    func signed(_ value: BudgetValue, _ metric: BudgetMetric) -> String {
        let text = format(value, metric)
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
