import TissueNumerics

/// Sizes, gaps and colours of network diagrams, in SVG pixels.
enum DiagramStyle {
    static let margin = 20.0
    /// Between items of a sequence; edges run in this gap, and forks and joins bend in its middle.
    static let rowGap = 20.0
    /// Between branches side by side.
    static let branchGap = 20.0
    /// The width of an identity branch: a line beside the other branches.
    static let laneWidth = 12.0
    /// Inside a stacked layer's frame.
    static let framePadding = 8.0
    /// Wider labels are shortened with an ellipsis (the tooltip keeps them whole).
    static let maxBoxWidth = 240.0
    /// The widest a drawing of any example may be: it must fit a page (tests hold every example to it).
    static let pageWidth = 1000.0
    /// Height of the title, caption and legend above the drawing.
    static let headerHeight = 84.0

    static let edgeColor = "#6b6b6b"
    static let borderColor = "#5a5a5a"
    static let frameColor = "#8a8a8a"
    static let frameFill = "#fafafa"
    static let highlightFill = "#fff1dc"
    static let highlightBorder = "#D55E00"

    /// The text and size of a box: normal, or compact inside a stacked layer's figure.
    struct BoxMetrics {
        var titleSize: Double
        var detailSize: Double
        var height: Double
        var padding: Double
        var minWidth: Double
        var titleBaseline: Double
        var detailBaseline: Double
    }

    static let normal = BoxMetrics(titleSize: 11, detailSize: 10, height: 34, padding: 8, minWidth: 90,
                                   titleBaseline: 14, detailBaseline: 27)
    static let compact = BoxMetrics(titleSize: 10, detailSize: 9, height: 30, padding: 6, minWidth: 56,
                                    titleBaseline: 12.5, detailBaseline: 24)

    /// Estimated width of bold text: the regular estimate (``ChartStyle/textWidth(_:size:)``)
    /// widened for the heavier strokes of DejaVu Sans Bold, which renderers fall back to.
    static func boldWidth(_ text: String, size: Double) -> Double {
        ChartStyle.textWidth(text, size: size) * 1.12
    }

    /// `4.2%` or `0.35%`: two decimals for small shares, so neighbouring classes differ.
    static func share(_ value: Double) -> String {
        NumberFormat.fixed(value, decimals: value < 10 ? 2 : 1) + "%"
    }
}

/// Five classes of a box's cost, relative to the costliest box (so the scale spans its whole
/// range), plus one for nothing; light to dark blue, readable without colour by the printed share.
struct DiagramColorScale {
    static let fills = ["#e3eef8", "#b9d5ec", "#84b6dc", "#4a8fc7", "#1f5f9e"]
    static let zeroFill = "#f1f1f1"
    static let plainFill = "#ffffff"

    let metric: DiagramMetric
    let largest: Int
    let total: Int

    init(_ diagram: Diagram) {
        self.init(metric: diagram.metric, largest: Self.largest(in: diagram), total: diagram.total)
    }

    init(metric: DiagramMetric, largest: Int, total: Int) {
        self.metric = metric
        self.largest = largest
        self.total = total
    }

    /// The costliest box's value.
    static func largest(in diagram: Diagram) -> Int {
        diagram.boxes.compactMap { $0.cost.map(diagram.metric.value) }.max() ?? 0
    }

    /// The class of a value: nil for zero, else 0 (lightest) to 4.
    func level(_ value: Int) -> Int? {
        guard value > 0, largest > 0 else { return nil }
        let level = Int((Double(value) * Double(Self.fills.count) / Double(largest)).rounded(.up)) - 1
        return min(Self.fills.count - 1, max(0, level))
    }

    func fill(_ box: DiagramBox) -> String {
        guard let cost = box.cost else { return Self.plainFill }
        return level(metric.value(cost)).map { Self.fills[$0] } ?? Self.zeroFill
    }

    /// White on the two darkest classes, dark elsewhere.
    func textColor(_ box: DiagramBox) -> String {
        guard let cost = box.cost, let level = level(metric.value(cost)) else { return "#222222" }
        return level >= 3 ? "#ffffff" : "#222222"
    }

    /// The legend: the class of zero, then each class's upper bound as a share of the total.
    var legend: [(fill: String, label: String)] {
        var entries = [(fill: Self.zeroFill, label: "0")]
        guard largest > 0, total > 0 else { return entries }
        for (index, fill) in Self.fills.enumerated() {
            let bound = Double(largest) * Double(index + 1) / Double(Self.fills.count) / Double(total) * 100
            entries.append((fill, "≤ " + DiagramStyle.share(bound)))
        }
        return entries
    }
}
