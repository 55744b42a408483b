import Foundation
import Testing
@testable import TissueCLI

/// In-process tests of `tissue check`: rendered formats against golden files, exit statuses,
/// and the messages for unusable input. The numbers in the goldens are the models' counts,
/// which the oracle tests check against PyTorch; the budget arithmetic is checked in closed
/// form by BudgetCheckTests.
@Suite("tissue check")
struct CheckCommandTests {
    static let stacked = "Examples/ci/resnet18-stacked-budget.arch"
    static let baseline = "Examples/ci/resnet18-cifar10-baseline.arch"
    /// Both CI examples with a parameter limit that the baseline exceeds.
    static let failing = ["check", stacked, baseline, "--max-params", "10M"]
    /// The stacked design's CE and SE against the baseline; SE falls short.
    static let scores = ["check", stacked, "--baseline", baseline, "--min-ce", "2", "--min-se", "2.5"]

    static let goldenCases: [([String], Int32, String)] = [
        (["check", stacked], 0, "check-pass.txt"),
        (failing, 1, "check-fail.txt"),
        (failing + ["--format", "json"], 1, "check-fail.json"),
        (failing + ["--format", "junit"], 1, "check-fail.xml"),
        (failing + ["--format", "github"], 1, "check-fail-github.txt"),
        (scores, 1, "check-scores.txt"),
        (scores + ["--format", "json"], 1, "check-scores.json"),
        (["check", stacked, "--format", "github"], 0, "check-pass-github.txt"),
    ]

    @Test("rendered formats match their golden files", arguments: goldenCases)
    func golden(_ arguments: [String], _ status: Int32, _ file: String) {
        let run = Run(arguments)
        #expect(run.status == status)
        #expect(run.error.isEmpty)
        Golden.check(run.output, against: file)
    }

    @Test func optionReplacesTheFileBudgetAndSaysSo() {
        let run = Run("check", Self.stacked, "--max-params", "4M")
        #expect(run.status == 1)
        #expect(run.output.contains("--max-params (overrides line 15)"))
        #expect(!run.output.contains("<= 5M"))
    }

    @Test func standardInputIsReadForDash() {
        let pass = Run("check", "-", stdin: "input 100\nbudget params <= 1010\nlinear 10\n")
        #expect(pass.status == 0, "\(pass.error)")
        #expect(pass.output.hasPrefix("<stdin>: model,"))
        let fail = Run("check", "-", stdin: "input 100\nbudget params <= 1009\nlinear 10\n")
        #expect(fail.status == 1)
    }

    @Test("unusable input exits 2 with a located message", arguments: [
        (["check", "Examples/zoo/lenet5.arch"], "Examples/zoo/lenet5.arch: error: nothing to check"),
        (["check", stacked, "--baseline", "Examples/zoo/resnet18-cifar10.arch", "--min-ce", "2"],
         "Examples/zoo/resnet18-cifar10.arch: error: this file has no 'accuracy' statement, but CE needs"),
        (["check", "Examples/zoo/resnet18-cifar10.arch", "--baseline", baseline, "--min-se", "1"],
         "Examples/zoo/resnet18-cifar10.arch: error: this file has no 'accuracy' statement, but SE needs"),
        (["check", "no/such.arch", "--max-params", "1M"], "cannot read 'no/such.arch': no such file"),
        (["check", baseline, "--min-ce", "2"], "CE compares a model with a baseline, but none was given"),
    ])
    func unusableInput(_ arguments: [String], _ fragment: String) {
        let run = Run(arguments)
        #expect(run.status == 2)
        #expect(run.error.contains(fragment), "\(run.error)")
        // The report says the file was not checked, with the same sentence.
        #expect(run.output.contains("not checked: "), "\(run.output)")
        #expect(run.output.contains("could not be checked"))
    }

    @Test func malformedFileIsReportedWithItsLine() {
        let run = Run("check", "-", stdin: "input 100\nbudget parms <= 3M\nlinear 10\n")
        #expect(run.status == 2)
        #expect(run.error.hasPrefix("<stdin>:2:8: error: unknown budget metric 'parms'; did you mean 'params'?"), "\(run.error)")
    }

    /// The slips a newcomer makes when writing a first budget line.
    @Test("budget typos get a pointed message", arguments: [
        ("budget params < 5M", "<stdin>:2:15: error: unexpected '<'; a budget is written with '<=' (or '>=' for 'ce' and 'se'), as in 'budget params <= 11.2M'"),
        ("budget params ≤ 5M", "<stdin>:2:15: error: unexpected '≤'; a budget is written with '<=' (or '>=' for 'ce' and 'se'), as in 'budget params <= 11.2M'"),
        ("budget ce <= 2", "<stdin>:2:11: error: 'ce' is a least, written with '>=', not '<='"),
        ("budget params <= 5 M", "<stdin>:2:20: error: the suffix 'M' must follow the number without a space, as in '5M'"),
        ("budget flop <= 5M", "<stdin>:2:8: error: unknown budget metric 'flop'; did you mean 'flops'?"),
        ("budget params <= 5m", "<stdin>:2:18: error: '5m' is not a quantity"),
    ])
    func budgetTypos(_ line: String, _ message: String) {
        let run = Run("check", "-", stdin: "input 4\n\(line)\nlinear 2\n")
        #expect(run.status == 2)
        #expect(run.error.hasPrefix(message), "\(run.error)")
    }

    /// One file without a budget stops nothing: the others still get their verdicts, the status is 2.
    @Test func everyUnusableFileIsReportedAndTheOthersAreStillChecked() {
        let run = Run("check", "Examples/zoo/lenet5.arch", Self.stacked, "Examples/zoo/mlp-mnist.arch")
        #expect(run.status == 2)
        #expect(run.error.contains("lenet5.arch: error"))
        #expect(run.error.contains("mlp-mnist.arch: error"))
        #expect(run.output.contains("Examples/zoo/lenet5.arch: not checked: nothing to check"))
        #expect(run.output.contains("\(Self.stacked): resnet18-stacked, convention standard\nbudget"))
        #expect(run.output.hasSuffix("check incomplete: 2 of 3 files could not be checked; 7 budgets hold in 1 file\n"))
    }

    /// A syntax error in one file, a file without budgets and a good file, in every CI format:
    /// the error is in the format, at its line and column, and the good file's verdicts follow.
    static let mixed = ["check", "-", "Examples/zoo/lenet5.arch", stacked]
    static let broken = "input 3x8x8\nbudget params <= 1M\nconv 4 k=3 bogus\n"

    @Test func githubAnnotatesAnInputErrorAtItsLineAndColumn() {
        let run = Run(Self.mixed + ["--format", "github"], stdin: Self.broken)
        #expect(run.status == 2)
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "::error file=<stdin>,line=3,col=12,title=tissue%3A input error::expected an attribute of 'conv' "
            + "written as 'key=value', found 'bogus'")
        #expect(lines.contains { $0.hasPrefix("::error file=Examples/zoo/lenet5.arch,title=tissue%3A no budget::nothing to check") })
        #expect(lines.filter { $0.hasPrefix("::notice file=\(Self.stacked)") }.count == 7)
        #expect(run.error.contains("<stdin>:3:12: error: expected an attribute"))
    }

    @Test func junitReportsAnInputErrorAsAnErrorTestCase() throws {
        let run = Run(Self.mixed + ["--format", "junit"], stdin: Self.broken)
        #expect(run.status == 2)
        #expect(JUnitStructure.problems(in: run.output) == [])
        let root = try XMLElementNode.parse(run.output)
        #expect(root.attributes["errors"] == "2" && root.attributes["tests"] == "9" && root.attributes["failures"] == "0")
        let suites = root.elements("testsuite")
        #expect(suites.map { $0.attributes["errors"] } == ["1", "1", "0"])
        let input = try #require(suites[0].elements("testcase").first)
        #expect(input.attributes["line"] == "3")
        let error = try #require(input.elements("error").first)
        #expect(error.attributes["type"] == "InputError")
        #expect(error.attributes["message"]?.contains("found 'bogus'") == true)
    }

    @Test func jsonGivesEveryFileWithTheErrorAndItsLocation() throws {
        let run = Run(Self.mixed + ["--format", "json"], stdin: Self.broken)
        #expect(run.status == 2)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(json["errors"] as? Int == 2)
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.count == 3)
        let error = try #require(files[0]["error"] as? [String: Any])
        #expect(error["kind"] as? String == "input-error")
        #expect(error["line"] as? Int == 3 && error["column"] as? Int == 12)
        #expect((files[1]["error"] as? [String: Any])?["kind"] as? String == "no-budget")
        #expect(files[2]["error"] == nil && (files[2]["budgets"] as? [Any])?.count == 7)
    }

    /// `budget weight-bytes`, `activation-bytes` and `ce >=` in the file, with the baseline it names.
    @Test func byteAndScoreBudgetsWithTheBaselineTheFileNames() {
        // 100 → 10 against Examples/zoo/mlp-mnist.arch is not the point; the baseline's path is
        // relative to the file, and its missing accuracy is reported against the baseline.
        let source = "input 100\naccuracy 90\nbudget weight-bytes <= 2020\nbudget activation-bytes <= 440\nlinear 10\n"
        let f16 = Run(["check", "-", "--dtype", "f16"], stdin: source)
        #expect(f16.status == 0, "\(f16.error)")
        #expect(f16.output.contains("weight bytes      2.020 kB"))
        #expect(Run(["check", "-", "--dtype", "f32"], stdin: source).status == 1)
        // The input (100) and the output (10) alive together: 110 numbers a sample, 2 bytes each.
        #expect(Run(["check", "-", "--bytes-per-param", "2", "--batch", "2"], stdin: source).status == 0)
        #expect(Run(["check", "-", "--bytes-per-param", "2", "--batch", "3"], stdin: source).status == 1,
                "three samples need 660 bytes")
        let scored = Run(["check", Self.stacked])
        #expect(scored.status == 0, "\(scored.error)")
        #expect(scored.output.contains("CE "))
    }

    @Test("usage errors exit 2 with one sentence", arguments: [
        (["check"], "'tissue check' needs FILE"),
        (["check", stacked, "--max-parms", "3M"], "unknown option '--max-parms' for 'tissue check'; did you mean '--max-params'?"),
        (["check", stacked, "--max-params", "3Q"], "'3Q' is not a valid value for '--max-params'"),
        (["check", baseline, "--baseline", baseline], "option '--baseline' needs '--min-ce X' or '--min-se X' as well"),
        (["check", stacked, "--baseline", baseline, "--min-se", "lots"], "'lots' is not a valid value for '--min-se'"),
        (["check", stacked, "--bytes-per-param", "0"], "'0' is not a valid value for '--bytes-per-param'"),
        (["check", stacked, "--bytes-per-param", "0.3"], "'0.3' is not a valid value for '--bytes-per-param'"),
        (["check", stacked, "--dtype", "fp17"], "'fp17' is not a valid value for '--dtype'"),
        (["check", stacked, "--dtype", "f16", "--bytes-per-param", "2"], "options '--dtype' and '--bytes-per-param' cannot be used together"),
        (["check", stacked, "--format", "junt"], "'junt' is not a valid value for '--format'; did you mean 'junit'?"),
    ])
    func usageErrors(_ arguments: [String], _ message: String) {
        let run = Run(arguments)
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.error == "tissue: error: \(message)\n" || run.error.contains(message), "\(run.error)")
        #expect(run.error.split(separator: "\n").count == 1)
    }

    @Test func weightBytesAreParamsTimesBytesPerParameter() {
        // 100·10 weights + 10 biases = 1010 parameters; at 2 bytes each, 2020 bytes.
        let source = "input 100\nlinear 10\n"
        #expect(Run(["check", "-", "--max-weight-bytes", "2020", "--bytes-per-param", "2"], stdin: source).status == 0)
        #expect(Run(["check", "-", "--max-weight-bytes", "2019", "--bytes-per-param", "2"], stdin: source).status == 1)
        #expect(Run(["check", "-", "--max-weight-bytes", "4040"], stdin: source).status == 0)
        #expect(Run(["check", "-", "--max-weight-bytes", "4039"], stdin: source).status == 1)
    }

    @Test func junitOutputHasTheRequiredStructure() {
        let run = Run(Self.failing + ["--format", "junit"])
        #expect(JUnitStructure.problems(in: run.output) == [])
        let root = try? XMLElementNode.parse(run.output)
        #expect(root?.attributes["tests"] == "9")
        #expect(root?.attributes["failures"] == "1")
        let suites = root?.elements("testsuite") ?? []
        #expect(suites.map { $0.attributes["name"] ?? "" } == [Self.stacked, Self.baseline])
        let failure = suites.last?.elements("testcase").first?.elements("failure").first
        #expect(failure?.attributes["message"] == "params 11.17M exceeds the limit 10M by 1.174M (11.7%)")
    }
}
