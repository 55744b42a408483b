import Testing
@testable import TissueCLI

@Suite("tissue analyze")
struct AnalyzeCommandTests {
    @Test("rendered formats match their golden files", arguments: [
        (["analyze", "Examples/zoo/lenet5.arch"], "analyze-lenet5.txt"),
        (["analyze", "Examples/zoo/lenet5.arch", "--format", "markdown"], "analyze-lenet5.md"),
        (["analyze", "Examples/zoo/lenet5.arch", "--format", "csv"], "analyze-lenet5.csv"),
        (["analyze", "Examples/zoo/lenet5.arch", "--format", "json"], "analyze-lenet5.json"),
        (["analyze", "Examples/zoo/lenet5.arch", "--convention", "thop", "--summary"], "analyze-lenet5-thop-summary.txt"),
        (["analyze", "Examples/stacked/lenet-hybrid.arch", "--layers"], "analyze-lenet-hybrid-layers.txt"),
        (["analyze", "Examples/stacked/lenet-hybrid.arch", "--format", "json"], "analyze-lenet-hybrid.json"),
    ])
    func golden(_ arguments: [String], _ file: String) {
        let run = Run(arguments)
        #expect(run.status == 0)
        #expect(run.error.isEmpty)
        Golden.check(run.output, against: file)
    }

    @Test func standardInputIsReadForDash() {
        let run = Run("analyze", "-", "--summary", stdin: "input 784\nlinear 10\n")
        #expect(run.status == 0)
        #expect(run.output.contains("7850"))
    }

    @Test func malformedFileExitsTwoWithLocatedError() {
        let run = Run("analyze", "-", stdin: "input 3x8x8\nconv 4 k=3\nrleu\n")
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.error == "<stdin>:3:1: error: unknown operation 'rleu'; did you mean 'relu'?\nrleu\n^~~~\n")
    }

    @Test("usage errors exit 2 with a suggestion", arguments: [
        (["analyse", "x.arch"], "unknown command 'analyse'; did you mean 'analyze'?"),
        (["analyze", "--conv", "thop", "x.arch"], "unknown option '--conv' for 'tissue analyze'; did you mean '--convention'?"),
        (["analyze", "--convention", "thp", "x.arch"], "'thp' is not a valid value for '--convention'; did you mean 'thop'?"),
        (["analyze"], "'tissue analyze' needs FILE"),
        (["analyze", "a.arch", "b.arch"], "unexpected argument 'b.arch'"),
        (["analyze", "--layers", "--summary", "a.arch"], "cannot be used together"),
        (["analyze", "--format"], "needs a value"),
        (["analyze", "no/such/file.arch"], "cannot read 'no/such/file.arch': no such file"),
    ])
    func usageErrors(_ arguments: [String], _ fragment: String) {
        let run = Run(arguments)
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.error.contains(fragment), "\(run.error)")
    }

    @Test func doubleDashEndsOptions() {
        let run = Run("analyze", "--summary", "--", "Examples/zoo/mlp-mnist.arch")
        #expect(run.status == 0)
    }

    @Test func colorOnlyOnATerminalWithoutNoColor() {
        let plain = Run("analyse")
        #expect(!plain.error.contains("\u{1B}["))
        let colored = Run(["analyse"], terminal: true)
        #expect(colored.error.contains("\u{1B}[1;31merror:"))
        let disabled = Run(["analyse"], environment: ["NO_COLOR": "1"], terminal: true)
        #expect(!disabled.error.contains("\u{1B}["))
    }
}

@Suite("help and version")
struct HelpTests {
    @Test func overviewListsCommands() {
        let run = Run("--help")
        #expect(run.status == 0)
        Golden.check(run.output, against: "help-overview.txt")
    }

    @Test func commandHelpIsTheSameEveryWay() {
        let a = Run("analyze", "--help"), b = Run("help", "analyze"), c = Run("analyze", "-h")
        #expect(a.status == 0)
        #expect(a.output == b.output)
        #expect(a.output == c.output)
        Golden.check(a.output, against: "help-analyze.txt")
    }

    @Test func version() {
        let run = Run("--version")
        #expect(run.status == 0)
        #expect(run.output == "tissue \(TissueCommandLine.version)\n")
    }

    @Test func noArgumentsShowsOverviewOnStandardErrorAndFails() {
        let run = Run([String]())
        #expect(run.status == 2)
        #expect(run.error.contains("COMMANDS:"))
    }
}
