import Testing
import TissueArch
@testable import TissueBudgets
import TissueIR
@testable import TissueReports

@Suite("budget report escaping")
struct BudgetReportTests {
    @Test("XML text and attributes are escaped", arguments: [
        ("a<b&c>d", "a&lt;b&amp;c&gt;d", "a&lt;b&amp;c&gt;d"),
        ("say \"hi\" 'x'", "say \"hi\" 'x'", "say &quot;hi&quot; &apos;x&apos;"),
        ("tab\there\nline", "tab\there\nline", "tab&#9;here&#10;line"),
        ("bell\u{7}", "bell\u{FFFD}", "bell\u{FFFD}"),
        ("ünïcødé ×", "ünïcødé ×", "ünïcødé ×"),
    ])
    func xml(_ raw: String, _ text: String, _ attribute: String) {
        #expect(XMLEscaping.text(raw) == text)
        #expect(XMLEscaping.attribute(raw) == attribute)
    }

    @Test func githubCommandEscaping() {
        #expect(BudgetReport.escapeData("5% more\nnext") == "5%25 more%0Anext")
        #expect(BudgetReport.escapeProperty("a:b,c%") == "a%3Ab%2Cc%25")
    }

    @Test func hostileModelNamesStayInsideTheirAttributes() throws {
        let network = try ArchReader.read("model a\"<b>&c\ninput 4\nbudget params <= 1\nlinear 2\n")
        let analysis = try Analysis(network)
        let check = BudgetCheck(model: .init(analysis: analysis, accuracy: nil), fileBudgets: network.metadata.budgets)
        let report = BudgetReport(entries: [.init(file: "x,y:z.arch", model: network.name, results: try check.evaluate())],
                                  convention: .standard)
        let xml = report.junit()
        #expect(xml.contains("classname=\"tissue.check.a&quot;&lt;b&gt;&amp;c\""))
        #expect(!xml.contains("a\"<b>"))
        #expect(report.githubAnnotations().hasPrefix("::error file=x%2Cy%3Az.arch,line=3,title=tissue budget params::"))
    }
}
