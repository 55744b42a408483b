import Foundation
import Testing

/// End-to-end: the built `tissue` executable, run as a process from the repository root, for
/// every exit status and every output format of `check`, and the command-line conventions that
/// only a real process shows (streams, standard input, exit statuses).
@Suite("the tissue executable", .enabled(if: Executable.url != nil, "\(Executable.notFound)"))
struct ExecutableTests {
    static let stacked = CheckCommandTests.stacked
    static let failing = CheckCommandTests.failing

    @Test("check: each format, each verdict, as the golden files", arguments: CheckCommandTests.goldenCases)
    func checkFormats(_ arguments: [String], _ status: Int32, _ golden: String) throws {
        let run = try Executable.run(arguments)
        #expect(run.status == status)
        #expect(run.error.isEmpty, "\(run.error)")
        Golden.check(run.output, against: golden)
    }

    @Test func checkExitsZeroWhenEveryBudgetHolds() throws {
        let run = try Executable.run(["check", Self.stacked])
        #expect(run.status == 0)
        #expect(run.output.hasSuffix("check passed: 7 budgets hold in 1 file\n"))
    }

    @Test func checkExitsOneWhenABudgetIsExceeded() throws {
        let run = try Executable.run(["check", Self.stacked, "--max-params", "4M"])
        #expect(run.status == 1)
        #expect(run.output.contains("FAIL"))
        #expect(run.error.isEmpty)
    }

    @Test("check exits 2 on unusable input or arguments, on standard error only", arguments: [
        ["check", "Examples/zoo/lenet5.arch"],
        ["check", "no/such/file.arch", "--max-params", "1M"],
        ["check", CheckCommandTests.baseline, "--min-ce", "2"],
        ["check", Self.stacked, "--max-parms", "1M"],
        ["check"],
    ])
    func checkExitsTwo(_ arguments: [String]) throws {
        let run = try Executable.run(arguments)
        #expect(run.status == 2)
        // A usage error prints nothing else; a file that cannot be checked is in the report too.
        #expect(run.output.isEmpty || run.output.contains("could not be checked"), "\(run.output)")
        #expect(run.error.contains("error:"))
    }

    @Test func checkReadsStandardInputForDash() throws {
        let run = try Executable.run(["check", "-", "--format", "junit"], stdin: "input 100\nbudget params <= 1009\nlinear 10\n")
        #expect(run.status == 1)
        #expect(JUnitStructure.problems(in: run.output) == [])
        #expect(run.output.contains("name=\"&lt;stdin&gt;\""))
    }

    @Test func junitFromTheExecutableHasTheRequiredStructure() throws {
        for arguments in [Self.failing + ["-f", "junit"], ["check", Self.stacked, "-f", "junit"]] {
            let run = try Executable.run(arguments)
            #expect(JUnitStructure.problems(in: run.output) == [], "\(arguments)")
        }
    }

    @Test func githubAnnotationsPointAtTheBudgetLines() throws {
        let run = try Executable.run(["check", Self.stacked, "--max-macs", "100M", "--format", "github"])
        #expect(run.status == 1)
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("::error file=\(Self.stacked),title=tissue budget macs::") })
        #expect(lines.contains { $0.hasPrefix("::notice file=\(Self.stacked),line=15,title=tissue budget params::") })
    }

    @Test func versionAndHelpGoToStandardOutput() throws {
        let version = try Executable.run(["--version"])
        #expect(version.status == 0)
        #expect(version.output.hasPrefix("tissue "))
        let help = try Executable.run(["help", "check"])
        #expect(help.status == 0)
        #expect(help.output.hasPrefix("USAGE: tissue check"))
    }

    @Test func unknownCommandIsOneSentenceOnStandardError() throws {
        let run = try Executable.run(["chek"])
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.error == "tissue: error: unknown command 'chek'; did you mean 'check'?\n")
    }

    @Test func doubleDashEndsOptions() throws {
        let run = try Executable.run(["analyze", "--summary", "--", "Examples/zoo/mlp-mnist.arch"])
        #expect(run.status == 0)
    }

    @Test func noColorOffATerminal() throws {
        // The test's pipes are not terminals: plain text even without NO_COLOR.
        let run = try Executable.run(["chek"], environment: ["TERM": "xterm-256color"])
        #expect(!run.error.contains("\u{1B}["))
    }
}
