
/// Colours, markers and text metrics shared by the charts.
public enum ChartStyle {
    /// The Okabe–Ito palette (safe for colour-blind readers), without its yellow, which is
    /// unreadable on white. Series take colours in order and wrap around.
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    public static func color(_ index: Int) -> String {
        palette[((index % palette.count) + palette.count) % palette.count]
    }

    public static let axisColor = "#444444"
    public static let gridColor = "#e5e5e5"
    public static let mutedText = "#666666"

    /// Estimated width of `text` at `size`, from per-character classes, generous enough for
    /// Helvetica and for the wider DejaVu Sans that renderers fall back to. An estimate on
    /// purpose: SVG has no text metrics, and labels only need to avoid each other.
    public static func textWidth(_ text: String, size: Double = 12) -> Double {
        var em = 0.0
        for c in text {
            switch c {
            case "i", "l", "j", "'", "|", ".", ",", ":", ";", "!": em += 0.25
            case "f", "t", "r", "(", ")", "[", "]", " ", "-", "/": em += 0.33
            case "m", "w", "M", "W", "%", "@": em += 0.9
            case "0"..."9": em += 0.6
            case _ where c.isUppercase: em += 0.7
            default: em += 0.58
            }
        }
        return em * size
    }
}

/// The shape drawn at a scatter point.
public enum ChartMarker: String, Sendable, CaseIterable, Hashable {
    case circle, square, triangle, diamond

    /// The SVG element for a marker of radius `r` centred at (x, y).
    func draw(into svg: inout SVGWriter, x: Double, y: Double, r: Double, color: String, hollow: Bool) {
        let fill = hollow ? "#ffffff" : color
        let style = [("fill", fill), ("stroke", hollow ? color : "#ffffff"), ("stroke-width", hollow ? "1.8" : "1")]
        let n = SVGWriter.number
        switch self {
        case .circle:
            svg.element("circle", [("cx", n(x)), ("cy", n(y)), ("r", n(r))] + style)
        case .square:
            let s = r * 0.9
            svg.element("rect", [("x", n(x - s)), ("y", n(y - s)), ("width", n(2 * s)), ("height", n(2 * s))] + style)
        case .triangle:
            let points = "\(n(x)),\(n(y - r * 1.15)) \(n(x + r)),\(n(y + r * 0.75)) \(n(x - r)),\(n(y + r * 0.75))"
            svg.element("polygon", [("points", points)] + style)
        case .diamond:
            let points = "\(n(x)),\(n(y - r * 1.2)) \(n(x + r)),\(n(y)) \(n(x)),\(n(y + r * 1.2)) \(n(x - r)),\(n(y))"
            svg.element("polygon", [("points", points)] + style)
        }
    }
}

/// A rectangle in SVG coordinates (y down), for layout and overlap tests.
struct ChartBox: Sendable, Equatable {
    var x: Double, y: Double, width: Double, height: Double

    var maxX: Double { x + width }
    var maxY: Double { y + height }

    func overlap(_ other: ChartBox) -> Double {
        let w = min(maxX, other.maxX) - max(x, other.x)
        let h = min(maxY, other.maxY) - max(y, other.y)
        return w > 0 && h > 0 ? w * h : 0
    }

    /// The area of this box that lies outside `bounds`.
    func outside(_ bounds: ChartBox) -> Double {
        width * height - overlap(bounds)
    }
}
