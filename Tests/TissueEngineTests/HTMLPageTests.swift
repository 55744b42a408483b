import Testing
@testable import TissueReports

/// The pieces of the HTML pages and of the diagrams' colour scale.
@Suite("HTML pages")
struct HTMLPageTests {
    @Test func tableEscapesTextAndCarriesExactValues() {
        let table = Table(columns: [.init("path"), .init("params", .right)], rows: [["a<b>&", "1.5k"]],
                          footer: [["total", "1.5k"]])
        let exact = Table(columns: table.columns, rows: [["a<b>&", "1500"]], footer: [["total", "1500"]])
        let html = HTMLTable.render(table, values: exact, id: "t", rowPaths: ["a<b>&"])
        #expect(html.hasPrefix("<table id=\"t\" class=\"sortable\">"))
        #expect(html.contains("<th scope=\"col\" class=\"num\">params</th>"))
        #expect(html.contains("<td>a&lt;b&gt;&amp;</td>"))
        #expect(html.contains("<td class=\"num\" data-value=\"1500\" title=\"1500\">1.5k</td>"))
        #expect(html.contains("<tr data-path=\"a&lt;b&gt;&amp;\">"))
        #expect(html.contains("<tfoot>\n<tr><td>total</td><td class=\"num\" data-value=\"1500\""))
    }

    @Test func pageHasNoExternalResources() {
        var page = HTMLPage(title: "a <title>")
        page.paragraph("x & y")
        let html = page.document
        #expect(html.contains("<title>a &lt;title&gt;</title>"))
        #expect(html.contains("<p>x &amp; y</p>"))
        #expect(html.contains("default-src 'none'"))
        #expect(!html.contains(" src="))
    }

    /// Five classes relative to the costliest box, and one for nothing.
    @Test func colourClassesSpanTheCostliestBox() {
        let scale = DiagramColorScale(metric: .macs, largest: 100, total: 400)
        #expect(scale.level(0) == nil)
        #expect(scale.level(1) == 0)
        #expect(scale.level(20) == 0)
        #expect(scale.level(21) == 1)
        #expect(scale.level(100) == 4)
        #expect(scale.legend.map(\.label) == ["0", "≤ 5.00%", "≤ 10.0%", "≤ 15.0%", "≤ 20.0%", "≤ 25.0%"])
    }
}
