import Testing
@testable import TissueCLI

@Suite("tissue compare")
struct CompareCommandTests {
    static let models = ["Examples/zoo/resnet18-cifar10.arch", "Examples/stacked/resnet18-stacked-cifar10.arch",
                         "--acc", "resnet18-cifar10=95.29", "--acc", "Examples/stacked/resnet18-stacked-cifar10.arch=93.31"]

    @Test("every format matches its golden file", arguments: [
        ("text", "compare-resnet18.txt"), ("markdown", "compare-resnet18.md"), ("csv", "compare-resnet18.csv"),
        ("json", "compare-resnet18.json"), ("latex", "compare-resnet18.tex"),
    ])
    func golden(_ format: String, _ file: String) {
        let run = Run(["compare"] + Self.models + ["--format", format])
        #expect(run.status == 0)
        #expect(run.error.isEmpty)
        Golden.check(run.output, against: file)
    }

    /// A candidate without accuracy: CE and SE blank with the reason, break-even accuracies given.
    @Test func untrainedCandidateGetsBreakEvenAccuracies() {
        let run = Run("compare", "Examples/zoo/resnet18-cifar10.arch", "Examples/stacked/resnet18-stacked-cifar10.arch",
                      "--acc", "resnet18-cifar10=95.29", "--convention", "thop", "--columns", "method,acc,ce,se,acc-for-ce,acc-for-se")
        #expect(run.status == 0)
        Golden.check(run.output, against: "compare-untrained.txt")
        #expect(run.output.contains("¹ Accuracy not given."))
    }

    @Test func publishedRowsFromBothLayouts() {
        let run = Run("compare", "Examples/zoo/resnet18-cifar10.arch", "Examples/stacked/resnet18-stacked-cifar10.arch",
                      "--acc", "resnet18-cifar10=95.29", "--results", "Tests/Fixtures/results/own-results.csv",
                      "--results", "Tests/Fixtures/results/shrinkbench-sample.csv", "--flops-unit", "1e8")
        #expect(run.status == 0)
        Golden.check(run.output, against: "compare-results.txt")
        #expect(run.output.contains("FLOPs are 0, so the ratio is undefined"))
    }

    @Test("charts are written where asked", arguments: [
        ("layers", "compare-resnet18-layers.svg"), ("ce-se", "compare-resnet18-ce-se.svg"),
    ])
    func chart(_ kind: String, _ golden: String) throws {
        let run = RunWithFiles("compare", "Examples/zoo/resnet18-cifar10.arch", "Examples/stacked/resnet18-stacked-cifar10.arch",
                               "--acc", "resnet18-cifar10=95.29", "--acc", "resnet18-stacked=93.31",
                               "--chart", "out/c.svg", "--chart-kind", kind)
        #expect(run.status == 0)
        let svg = try #require(run.files["out/c.svg"])
        Golden.check(svg, against: golden)
    }

    @Test func unwritableChartIsAnError() {
        let run = RunWithFiles("compare", "Examples/zoo/resnet18-cifar10.arch", "Examples/stacked/resnet18-stacked-cifar10.arch",
                               "--chart", "no/dir/c.svg", failWrites: true)
        #expect(run.status == 2)
        #expect(run.error == "tissue: error: cannot write 'no/dir/c.svg': its directory does not exist\n")
    }

    @Test("usage errors exit 2 and say what to do", arguments: [
        (["--acc", "resnet18-cifr10=95"], "'resnet18-cifr10' in '--acc' is not a model on the command line (resnet18-cifar10, resnet18-stacked); did you mean 'resnet18-cifar10'?"),
        (["--acc", "95.29"], "'95.29' is not a valid value for '--acc': expected NAME=PCT"),
        (["--acc", "resnet18-cifar10=101"], "expected a percentage from 0 to 100 after '='"),
        (["--acc", "resnet18-cifar10=9x"], "expected a percentage from 0 to 100 after '='"),
        (["--columns", "ce,sse"], "'sse' is not a valid value for '--columns'; did you mean 'se'?"),
        (["--target", "NCP"], "'NCP' in '--target' is not a number or a row of the table"),
        (["--chart-kind", "pareto"], "'pareto' is not a valid value for '--chart-kind'"),
    ])
    func usageErrors(_ extra: [String], _ message: String) {
        let run = Run(["compare", "Examples/zoo/resnet18-cifar10.arch", "Examples/stacked/resnet18-stacked-cifar10.arch"] + extra)
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.error.contains(message), "\(run.error)")
    }

    @Test func aCandidateIsRequired() {
        let run = Run("compare", "Examples/zoo/resnet18-cifar10.arch")
        #expect(run.status == 2)
        #expect(run.error.contains("'tissue compare' needs CAND.arch"))
    }

    @Test func targetCanBeAPublishedRow() {
        let run = Run("compare", "Examples/zoo/resnet18-cifar10.arch", "Examples/stacked/resnet18-stacked-cifar10.arch",
                      "--acc", "resnet18-cifar10=95.29", "--results", "Tests/Fixtures/results/own-results.csv",
                      "--target", "My pruning, v2", "--columns", "model,method,ce,acc-for-ce", "--flops-unit", "1e8")
        #expect(run.status == 0)
        // My pruning, v2: CE = (94.10/95.29)·(11.13/5.20) = 2.1136; to match it the stacked
        // candidate needs 2.1136·95.29·FLOPs_c/FLOPs_b.
        #expect(run.output.contains("Acc for CE≥My pruning, v2"))
        #expect(run.output.contains("2.11"))
    }

    @Test func help() {
        let run = Run("compare", "--help")
        #expect(run.status == 0)
        Golden.check(run.output, against: "help-compare.txt")
    }
}
