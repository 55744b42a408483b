import TissueIR
import TissueMetrics
import TissueNumerics

/// A parsed table-spec file: what `tissue table SPEC` should show. The format is line-oriented
/// like `.arch` (one statement per line, `#` comments, `"quoted strings"`, `key=value`), and is
/// documented with examples in `docs/metrics.md`:
///
///     title "Table 2: CIFAR-100"
///     columns model method acc flops params ce se
///     units flops=1e8 params=M
///     group VGG-16
///     published lan2022-table2 model=VGG-16
///     candidate my-net.arch acc=70.40 label="TissueNet (n=4)"
public struct TableSpec: Sendable, Equatable {
    public var title: String?
    public var columns: [ComparisonColumn]?
    public var flopsUnit: CountUnit?
    public var paramsUnit: CountUnit?
    public var decimals: Int?
    public var scores: ComparisonTable.ScorePreference?
    public var target: Located<ComparisonTable.BreakEvenTarget>?
    public var convention: Convention?
    /// Extra results files (paths as written, relative to the spec).
    public var results: [Located<String>] = []
    /// Sections, groups and rows in file order.
    public var entries: [Entry] = []

    public init() {}

    public enum Entry: Sendable, Equatable {
        case section(String)
        case group(String)
        case published(Selector)
        case model(ModelEntry)
    }

    /// `published SOURCE model=... method=...`: rows of a results source, all filters matching.
    public struct Selector: Sendable, Equatable {
        public var source: Located<String>
        public var filters: [Filter]
        public var location: SourceLocation
    }

    public struct Filter: Sendable, Equatable {
        public enum Key: String, Sendable, CaseIterable { case model, method, dataset, role, section }
        public var key: Key
        public var value: String
    }

    /// `baseline FILE.arch acc=73.55 label=Baseline` or `candidate ...`.
    public struct ModelEntry: Sendable, Equatable {
        public var role: ResultRole
        public var path: String
        public var accuracy: DecimalLiteral?
        public var label: String?
        public var dataset: String?
        public var location: SourceLocation
    }

    /// The `.arch` files the spec names, in order, each once.
    public var modelPaths: [Located<String>] {
        var seen: Set<String> = []
        var paths: [Located<String>] = []
        for case .model(let entry) in entries where seen.insert(entry.path).inserted {
            paths.append(Located(entry.path, at: entry.location))
        }
        return paths
    }
}

/// A value with the place in the source where it was written.
public struct Located<Value: Sendable & Equatable>: Sendable, Equatable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}
