import Foundation
import Testing
@testable import TissueBudgets
@testable import TissueReports

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The SVG charts: well-formed, escaped, deterministic, with labels that keep apart.
@Suite("Charts")
struct ChartTests {
    static func sample(_ label: String = "TissueNet (n=4)") -> ScatterChart {
        var chart = ScatterChart(title: "A <b> & 'c' \"d\"", x: ChartAxis("FLOPs (×10⁸)"), y: ChartAxis("Acc (%)"))
        chart.series = [ScatterSeries(name: "s & t", color: ChartStyle.color(0), marker: .square,
                                      points: [ChartPoint(x: 7.79, y: 73.55, label: "Base<line>"),
                                               ChartPoint(x: 1.57, y: 70.4, label: label)]),
                        ScatterSeries(name: "front", color: ChartStyle.color(1), marker: .diamond,
                                      points: [ChartPoint(x: 1, y: 60), ChartPoint(x: 2, y: 70)], line: .steps)]
        chart.references = [ReferenceLine(.x, at: 1, label: "CE = 1")]
        chart.notes = ["Not plotted: x\u{1}y"]
        return chart
    }

    static func isWellFormed(_ svg: String) -> Bool {
        let parser = XMLParser(data: Data(svg.utf8))
        return parser.parse()
    }

    @Test func scatterIsWellFormedEscapedAndDeterministic() {
        let svg = Self.sample().svg()
        #expect(Self.isWellFormed(svg))
        #expect(svg.contains("A &lt;b&gt; &amp; &apos;c&apos; &quot;d&quot;"))
        #expect(svg.contains("Base&lt;line&gt;"))
        #expect(svg.contains("Not plotted: x\u{FFFD}y"), "control characters cannot appear in XML")
        #expect(!svg.contains("<b>"))
        #expect(svg == Self.sample().svg())
        #expect(svg.contains(" H") && svg.contains(" V"))
    }

    @Test func barChartIsWellFormed() {
        var chart = BarChart(title: "Per-layer <cost>", categories: ["conv", "stage&1"])
        chart.panels = [BarPanel(axis: ChartAxis("params", fromZero: true), series: [
            BarSeries(name: "a", color: ChartStyle.color(0), values: [1, 2]),
            BarSeries(name: "b", color: ChartStyle.color(1), values: [0.5, .nan]),
        ])]
        let svg = chart.svg()
        #expect(Self.isWellFormed(svg))
        #expect(svg.contains("stage&amp;1"))
        #expect(svg.components(separatedBy: "<rect").count - 1 == 1 + 1 + 2 + 3)  // background, frame, legend, 3 bars
    }

    /// Twenty labelled points on a diagonal: every label finds a place of its own.
    @Test func labelsDoNotOverlap() {
        var placer = LabelPlacer(bounds: ChartBox(x: 0, y: 0, width: 600, height: 400), obstacles: [])
        var boxes: [ChartBox] = []
        for i in 0..<20 {
            let x = 40 + Double(i) * 26, y = 360 - Double(i) * 16
            boxes.append(placer.place("method \(i) [\(i)]", x: x, y: y, size: 11, radius: 5.5).box)
        }
        for i in boxes.indices {
            for j in boxes.indices where j > i {
                #expect(boxes[i].overlap(boxes[j]) < 0.5, "\(i) and \(j)")
            }
            #expect(boxes[i].outside(placer.bounds) < 0.5)
        }
    }

    @Test func linearTicksAreRoundAndCoverTheData() {
        let axis = ResolvedAxis.linear(lo: 0.68, hi: 11.13)
        #expect(axis.ticks.map(\.label) == ["0.0", "2.5", "5.0", "7.5", "10.0", "12.5"])
        #expect(axis.lo <= 0.68 && axis.hi >= 11.13)
    }

    @Test func logTicksAreOneTwoFive() {
        let axis = ChartAxis("x", scale: .automatic).resolve([0.7, 113.82])
        #expect(axis.isLog)
        #expect(axis.ticks.map(\.label) == ["0.5", "1", "2", "5", "10", "20", "50", "100", "200"])
        #expect(abs(ChartMath.log10(1000) - 3) < 1e-12)
        #expect(abs(ChartMath.log10(2) - 0.30102999566398120) < 1e-12)
    }

    @Test("LaTeX escaping", arguments: [
        ("50% & $5 #1 a_b {c} ~ ^", "50\\% \\& \\$5 \\#1 a\\_b \\{c\\} \\textasciitilde{} \\textasciicircum{}"),
        ("FLOPs (×10⁸)", "FLOPs ($\\times$10\\textsuperscript{8})"),
        ("2.63¹ 1.05†", "2.63\\textsuperscript{1} 1.05\\textsuperscript{\\dag}"),
        ("a\\b <c>", "a\\textbackslash{}b \\textless{}c\\textgreater{}"),
        ("ΔAcc ≥ 1", "$\\Delta$Acc $\\geq$ 1"),
    ])
    func latexEscaping(_ text: String, _ expected: String) {
        #expect(LaTeXTableRenderer.escape(text) == expected)
    }
}
