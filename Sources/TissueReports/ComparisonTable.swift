import TissueBudgets
import TissueMetrics

/// A paper-style comparison table (the TissueNet paper's Tables 2–5): sections, groups of rows
/// that share a baseline, and the columns to show. It is the one model behind every output of
/// `tissue compare` and `tissue table`: text, Markdown and CSV through ``Table``, LaTeX through
/// ``LaTeXTableRenderer``, JSON (``json()``), and the SVG charts.
public struct ComparisonTable: Sendable, Hashable {
    public var title: String?
    public var columns: [ComparisonColumn]
    public var flopsUnit: CountUnit
    public var paramsUnit: CountUnit
    /// The unit of byte columns (weights, activations).
    public var bytesUnit: CountUnit = .mega
    /// Digits after the point for numbers `tissue` formats (printed numbers stay as printed).
    public var decimals: Int
    /// What the break-even columns aim at: a CE/SE value, or the scores of a named row.
    public var target: BreakEvenTarget
    /// Whether a printed CE/SE wins over the one `tissue` can compute.
    public var scores: ScorePreference
    public var sections: [Section]
    /// The title of the `method` column: "Model" when every row is a model of its own.
    public var methodTitle = "Method"

    public init(title: String? = nil, columns: [ComparisonColumn] = ComparisonColumn.paper,
                flopsUnit: CountUnit = .giga, paramsUnit: CountUnit = .mega, decimals: Int = 2,
                target: BreakEvenTarget = .value(1), scores: ScorePreference = .computed, sections: [Section] = []) {
        self.title = title
        self.columns = columns
        self.flopsUnit = flopsUnit
        self.paramsUnit = paramsUnit
        self.decimals = decimals
        self.target = target
        self.scores = scores
        self.sections = sections
    }

    /// A panel of the table, such as the paper's "(a) Tiny-ImageNet".
    public struct Section: Sendable, Hashable {
        public var heading: String?
        public var groups: [Group]

        public init(heading: String? = nil, groups: [Group] = []) {
            self.heading = heading
            self.groups = groups
        }
    }

    /// Rows that share a baseline: "VGG-16" with its baseline, candidates and published methods.
    public struct Group: Sendable, Hashable {
        public var title: String
        public var rows: [ComparisonRow]

        public init(title: String, rows: [ComparisonRow] = []) {
            self.title = title
            self.rows = rows
        }

        /// The figures every row of the group is judged against: its first baseline row.
        public var baseline: Figures? {
            rows.first { $0.role == .baseline }?.figures
        }
    }

    public enum BreakEvenTarget: Sendable, Hashable {
        /// Match this CE (for `acc-for-ce`) and SE (for `acc-for-se`); 1 is the baseline.
        case value(Double)
        /// Match the CE and SE of the row with this label.
        case row(String)
    }

    public enum ScorePreference: String, Sendable, Hashable, CaseIterable {
        /// Recompute CE/SE from accuracy, FLOPs and params where they are given (the default).
        case computed
        /// Show the source's printed CE/SE where there is one.
        case reported
    }

    /// Every row with its group, in table order.
    public var allRows: [(group: Group, row: ComparisonRow)] {
        sections.flatMap { section in section.groups.flatMap { group in group.rows.map { (group, $0) } } }
    }
}

/// One row of a comparison: a model's figures and what is known about where they came from.
public struct ComparisonRow: Sendable, Hashable {
    /// The method column: "TissueNet (n=4)", "VP [53]", a model name.
    public var label: String
    public var role: ResultRole
    public var dataset: String?
    public var figures: Figures
    public var reportedCE: Amount?
    public var reportedSE: Amount?
    /// Overrides the group's baseline (ShrinkBench rows carry their own).
    public var ownBaseline: Figures?
    public var statedFraction: Comparison.StatedFractions
    /// The registry source or file the row came from.
    public var source: String?
    public var citation: String?
    /// The counts of a compressed model (`tissue compress`), nil for other rows.
    public var compression: CompressionFigures?

    public init(label: String, role: ResultRole, dataset: String? = nil, figures: Figures,
                reportedCE: Amount? = nil, reportedSE: Amount? = nil, ownBaseline: Figures? = nil,
                statedFraction: Comparison.StatedFractions = .init(), source: String? = nil, citation: String? = nil) {
        self.label = label
        self.role = role
        self.dataset = dataset
        self.figures = figures
        self.reportedCE = reportedCE
        self.reportedSE = reportedSE
        self.ownBaseline = ownBaseline
        self.statedFraction = statedFraction
        self.source = source
        self.citation = citation
    }

    /// A published row as it appears in a table.
    public init(_ result: PublishedResult) {
        self.init(label: result.label, role: result.role, dataset: result.dataset, figures: result.figures,
                  reportedCE: result.reportedCE, reportedSE: result.reportedSE, ownBaseline: result.ownBaseline,
                  statedFraction: result.statedFraction, source: result.source, citation: result.citation)
    }

    /// The printed score for `.flops` (CE) or `.params` (SE).
    public func reported(_ resource: Measure) -> Amount? {
        resource == .flops ? reportedCE : resource == .params ? reportedSE : nil
    }
}
