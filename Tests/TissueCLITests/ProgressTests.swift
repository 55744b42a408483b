import Testing
@testable import TissueCLI

/// Long work shows a bar with the time left on standard error, only on a terminal and never with
/// `--quiet`; the bar is erased when the work is done, so the results read as before.
@Suite("progress bars")
struct ProgressTests {
    static let model = "Examples/zoo/lenet5.arch"

    @Test("drawn on a terminal, erased at the end", arguments: [
        ["verify", model], ["bench", "verify", model, "--runs", "2"],
        ["sweep", "Examples/zoo/resnet18-cifar10.arch", "--per-stage", "--hidden", "1..8", "--piece", "1,2"],
    ])
    func onATerminal(_ arguments: [String]) {
        let run = Run(arguments, terminal: true)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.error.hasPrefix("\r\(arguments[0]) "), "\(run.error.debugDescription)")
        #expect(run.error.contains("%"))
        #expect(run.error.hasSuffix("\r\u{1B}[K"))
        #expect(!run.output.contains("\r"), "the results are not mixed with the bar")
    }

    @Test("silent with --quiet or off a terminal", arguments: [["verify", model], ["bench", "verify", model, "--runs", "1"]])
    func silent(_ arguments: [String]) {
        #expect(Run(arguments + ["--quiet"], terminal: true).error.isEmpty)
        #expect(Run(arguments + ["-q"], terminal: true).error.isEmpty)
        #expect(Run(arguments, terminal: false).error.isEmpty)
    }

    @Test("the bar and the time left", arguments: [
        (0.5, 10.0, "x [############............]  50%  about 10 s left"),
        (0.25, 60.0, "x [######..................]  25%  about 3 min 0 s left"),
        (0.0, 1.0, "x [........................]   0%"),
        (1.0, 7.0, "x [########################] 100%"),
        (0.9, 36_000.0, "x [#####################...]  90%  about 1 h 6 min left"),
    ])
    func line(_ fraction: Double, _ elapsed: Double, _ expected: String) {
        #expect(ProgressBar.line("x", fraction: fraction, elapsed: elapsed) == expected)
    }
}
