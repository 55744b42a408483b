import Testing
@testable import TissueCLI

@Suite("tissue table")
struct TableCommandTests {
    @Test("paper tables and formats match their golden files", arguments: [
        ("table2.table", "text", "table2.txt"), ("table3.table", "text", "table3.txt"),
        ("table4.table", "text", "table4.txt"), ("table5.table", "text", "table5.txt"),
        ("table2.table", "markdown", "table2.md"), ("table2.table", "csv", "table2.csv"),
        ("table2.table", "json", "table2.json"), ("table2.table", "latex", "table2.tex"),
        ("table4.table", "latex", "table4.tex"), ("table5.table", "latex", "table5.tex"),
        ("resnet18-own.table", "text", "table-resnet18-own.txt"),
    ])
    func golden(_ spec: String, _ format: String, _ file: String) {
        let run = Run("table", "Examples/paper/tables/\(spec)", "--format", format)
        #expect(run.status == 0)
        #expect(run.error.isEmpty, "\(run.error)")
        Golden.check(run.output, against: file)
    }

    @Test("charts match their golden files", arguments: [
        ("table2.table", "acc-flops", "table2-acc-flops.svg"), ("table2.table", "ce-se", "table2-ce-se.svg"),
        ("table4.table", "acc-params", "table4-acc-params.svg"),
    ])
    func chart(_ spec: String, _ kind: String, _ golden: String) throws {
        let run = RunWithFiles("table", "Examples/paper/tables/\(spec)", "--chart", "t.svg", "--chart-kind", kind)
        #expect(run.status == 0)
        Golden.check(try #require(run.files["t.svg"]), against: golden)
    }

    @Test func listsTheRegistry() {
        let run = Run("table", "--list-sources")
        #expect(run.status == 0)
        Golden.check(run.output, against: "table-sources.txt")
    }

    @Test("bad specs exit 2 with the place of the mistake", arguments: [
        ("title x\ncolums model\n", "<stdin>:2:1: error: unknown statement 'colums'; did you mean 'columns'?\ncolums model\n^~~~~~\n"),
        ("published lan2022-table2 model=VGG-61\n",
         "<stdin>:1:1: error: no row of 'lan2022-table2' matches model='VGG-61'; did you mean 'VGG-16'?\n"
            + "published lan2022-table2 model=VGG-61\n^~~~~~~~~\n"),
        ("candidate Examples/nope.arch acc=70\n",
         "<stdin>:1:11: error: cannot read 'Examples/nope.arch': no such file (paths are relative to the spec file)\n"
            + "candidate Examples/nope.arch acc=70\n          ^~~~~~~~~~~~~~~~~~\n"),
        ("results missing.csv\n", "<stdin>:1:9: error: cannot read 'missing.csv': no such file"),
        ("units flops=Gb\n", "<stdin>:1:13: error: unknown unit 'Gb'; use one of '1', 'k', 'M', '1e8', 'G', 'T'"),
        ("title only\n", "<stdin>: error: the table has no rows; add 'published SOURCE' or 'baseline FILE.arch'\n"),
    ])
    func badSpecs(_ spec: String, _ message: String) {
        let run = Run(["table", "-"], stdin: spec)
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.error.hasPrefix(message), "\(run.error)")
    }

    @Test func aBrokenResultsFileIsShownWithItsName() {
        let run = Run("table", "Examples/paper/tables/table2.table", "--results", "Tests/Fixtures/results/broken.csv")
        #expect(run.status == 2)
        #expect(run.error.hasPrefix("Tests/Fixtures/results/broken.csv:3:23: error: 'n/a' in column 'acc' is not a number"),
                "\(run.error)")
    }

    @Test func specIsRequiredUnlessListing() {
        let run = Run("table")
        #expect(run.status == 2)
        #expect(run.error.contains("'tissue table' needs SPEC"))
    }

    @Test func help() {
        let run = Run("table", "--help")
        #expect(run.status == 0)
        Golden.check(run.output, against: "help-table.txt")
    }
}

@Suite("tissue table: specs over .arch files")
struct TableOverArchTests {
    /// The paper's CIFAR-100 networks as .arch files (maintained in Examples/paper/), counted by
    /// tissue: the spec must keep working as those files evolve, so only its shape is checked.
    @Test func paperNetworksCountedByTissue() {
        let run = Run("table", "Examples/paper/tables/table2-tissue.table", "--format", "csv")
        #expect(run.status == 0, "\(run.error)")
        let lines = run.output.split(separator: "\r\n")
        #expect(lines.count == 1 + 2 + 16)  // header, two section headings, 8 + 8 rows
        #expect(lines.filter { $0.hasPrefix("VGG-16,Baseline,73.55,") }.count == 2)
    }
}
