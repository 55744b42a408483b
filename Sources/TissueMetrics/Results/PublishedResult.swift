import TissueIR

/// What a row stands for in a comparison.
public enum ResultRole: String, Sendable, CaseIterable, Hashable {
    /// The uncompressed model the others are judged against (CE = SE = 1).
    case baseline
    /// A compressed model of the author's own (the paper's TissueNet rows, a user's `.arch`).
    case candidate
    /// A published method quoted for comparison.
    case published
}

/// One row of a published results table, with the numbers exactly as printed ("-" is nil).
///
/// The registry holds every row of the TissueNet paper's Tables 2–5 in this form
/// (`Sources/TissueCLI/Registry/*.csv`, compiled into the binary); users add their own with `--results`.
public struct PublishedResult: Sendable, Hashable {
    /// The file the row came from, without `.csv`: `lan2022-table2`.
    public var source: String
    /// A panel of the table, such as `(a) Tiny-ImageNet`.
    public var section: String?
    public var model: String
    public var dataset: String?
    public var method: String
    /// The reference as the source prints it, such as `53` for "VP [53]".
    public var reference: String?
    /// A citation key for the method's own paper, such as `zhao2019variational`.
    public var citation: String?
    public var role: ResultRole
    /// Accuracy, FLOPs and params as printed, each with its printed text and unit.
    public var figures: Figures
    /// CE and SE as the source prints them; `tissue` recomputes them where the numbers allow.
    public var reportedCE: Amount?
    public var reportedSE: Amount?
    /// The row's own baseline when the layout carries it (ShrinkBench's `OrigTop1`, ...).
    public var ownBaseline: Figures?
    /// Candidate/baseline fractions the source states instead of counts.
    public var statedFraction: Comparison.StatedFractions
    public var note: String?
    /// The row's line in its file.
    public var location: SourceLocation?

    public init(source: String, section: String? = nil, model: String, dataset: String? = nil, method: String,
                reference: String? = nil, citation: String? = nil, role: ResultRole = .published,
                figures: Figures = Figures(), reportedCE: Amount? = nil, reportedSE: Amount? = nil,
                ownBaseline: Figures? = nil, statedFraction: Comparison.StatedFractions = .init(),
                note: String? = nil, location: SourceLocation? = nil) {
        self.source = source
        self.section = section
        self.model = model
        self.dataset = dataset
        self.method = method
        self.reference = reference
        self.citation = citation
        self.role = role
        self.figures = figures
        self.reportedCE = reportedCE
        self.reportedSE = reportedSE
        self.ownBaseline = ownBaseline
        self.statedFraction = statedFraction
        self.note = note
        self.location = location
    }

    /// "VP [53]": the method with its reference as the source prints it.
    public var label: String {
        reference.map { "\(method) [\($0)]" } ?? method
    }
}
