import TissueIR
import TissueMetrics
import TissueNumerics

/// A model described by an `.arch` file, counted under one convention: what `compare` and
/// `table` put in a row. The accuracy is the file's `accuracy` statement (or `--acc`).
public struct ModelFigures: Sendable, Equatable {
    public var name: String
    public var dataset: String?
    public var figures: Figures
    /// The file it was read from, as given.
    public var source: String?

    public init(name: String, dataset: String? = nil, figures: Figures, source: String? = nil) {
        self.name = name
        self.dataset = dataset
        self.figures = figures
        self.source = source
    }

    /// Counts from an analysis; the accuracy as the user stated it.
    public init(_ analysis: Analysis, accuracy: DecimalLiteral?, dataset: String?, source: String? = nil) {
        self.init(name: analysis.model, dataset: dataset, figures: Figures(
            accuracy: accuracy.map { Amount(value: $0.value, printed: $0.text, basis: .stated) },
            flops: .counted(analysis.totals.flops), params: .counted(analysis.totals.params)), source: source)
    }
}
