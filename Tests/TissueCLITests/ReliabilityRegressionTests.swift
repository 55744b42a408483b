import Foundation
import Testing
@testable import TissueCLI

/// Issue 16's table, row by row, end to end: each command once trapped, ran out of memory or
/// wrote a file that read back to another network. Rows 6–9 are held to counts of work in
/// `ResourceLimitTests`; row 13 (no `withKnownIssue`) in `ArchitectureTests`.
@Suite("Reliability regressions")
struct ReliabilityRegressionTests {
    /// Writes `text` to a fresh file in a temporary folder and returns its path.
    static func temporaryFile(_ name: String, _ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tissue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The totals line of `analyze --summary --format csv` for `text` given on standard input.
    static func totals(_ text: String) -> [String] {
        let run = Run(["analyze", "-", "--summary", "--format", "csv"], stdin: text)
        return run.status == 0 ? run.output.split(whereSeparator: \.isNewline).map(String.init) : ["failed: \(run.error)"]
    }

    @Test func row1NonASCIINumeralsAreAnError() {
        let run = Run("check", "Examples/zoo/lenet5.arch", "--max-params", "1.፺㉒337203685476580京")
        #expect(run.status == 2)
        #expect(run.error.contains("'1.፺㉒337203685476580京' is not a valid value for '--max-params'"))
    }

    @Test func row2AHugeScoreLimitIsReported() {
        let run = Run("check", "Examples/paper/vgg16-cifar100-tissue-h4.arch", "--baseline",
                      "Examples/paper/vgg16-cifar100-tissue-h6.arch", "--min-ce", "1e20")
        #expect(run.status == 1)
        #expect(run.output.contains("FAIL"))
    }

    /// Row 3: units holding stacks of their own print under names used once, and the file reads
    /// back to the network.
    @Test func row3NestedStacksReadBack() throws {
        let source = """
            model nested
            unit inner(c) in c { conv c k=3 p=1 }
            unit outerA() in 4 { stack 2 x inner(2) }
            unit outerB() in 6 { stack 2 x inner(3) }
            input 10x8x8
            stack 1 x outerA(), 1 x outerB()
            conv 20 k=3 p=1; bn; relu
            conv 20 k=3 p=1; bn; relu
            gap
            flatten
            linear 10
            """
        let path = try Self.temporaryFile("nested.arch", source)
        let run = Run("stack", path, "--hidden", "4")
        #expect(run.status == 0, "\(run.error)")
        #expect(Self.totals(run.output) == Self.totals(Self.stackedBySelf(source)), "\(run.output)")
        #expect(run.output.components(separatedBy: "unit inner(").count == 2, "one definition of 'inner'")
    }

    /// The stacked network of row 3 written by hand: the pair of 20-wide convolutions on the
    /// 10 channels of the stack becomes `stack 5 x bu(2, 4, 4)` then `relu`.
    static func stackedBySelf(_ source: String) -> String {
        source.replacingOccurrences(of: "conv 20 k=3 p=1; bn; relu\nconv 20 k=3 p=1; bn; relu", with: """
            unit bu(c1, c2, c3, stride=1) in c1 {
              conv c2 k=3 s=stride p=1 bias=false; bn; relu
              conv c3 k=3 p=1 bias=false; bn
            }
            stack 5 x bu(2, 4, 4); relu
            """)
    }

    /// Row 4: with `--residual first` the units map the block's input to the first convolution's
    /// width (4 → 8), the second convolution stays, and `stack` and `sweep` agree: 586 params =
    /// 2 units × (2·2·9 + 2·2 + 2·4·9 + 2·4) + 8·4·9 + 2·4 + 4·10 + 10.
    @Test func row4StackAndSweepAgreeWhenTheFirstConvolutionWidens() throws {
        let source = """
            model res
            input 4x8x8
            residual { conv 8 k=3 p=1 bias=false; bn; relu; conv 4 k=3 p=1 bias=false; bn }
            relu
            gap
            flatten
            linear 10
            """
        let path = try Self.temporaryFile("res.arch", source)
        let stack = Run("stack", path, "--hidden", "2", "--residual", "first")
        #expect(stack.status == 0, "\(stack.error)")
        #expect(Self.totals(stack.output).contains("params,586"), "\(stack.output)")
        let sweep = Run("sweep", path, "--hidden", "2", "--residual", "first", "--replace", "all", "--format", "csv")
        #expect(sweep.status == 0, "\(sweep.error)")
        #expect(sweep.output.contains("C2=2 C1=2 all,586,"), "\(sweep.output)")
    }

    /// Row 5: a model named after a file whose name has a blank and a '#' prints as a name the
    /// lexer reads back whole.
    @Test func row5OddFileNamesPrintAsValidNames() throws {
        let path = try Self.temporaryFile("my net#2.arch", "input 3x8x8\nconv 4 k=3; relu\nconv 4 k=3 p=1; bn; relu\nconv 4 k=3 p=1; bn; relu\n")
        let run = Run("stack", path, "--hidden", "2")
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("model my_net_2-tissue-h2\n"), "\(run.output)")
        #expect(!Self.totals(run.output).first!.hasPrefix("failed"))
    }

    @Test func row10ASweepBeyondTheDesignLimitIsRefusedBeforeItStarts() {
        let run = Run("sweep", "Examples/zoo/resnet18-cifar10.arch", "--per-stage", "--hidden", "1..64", "--piece", "1,2,4")
        #expect(run.status == 2)
        #expect(run.error.contains("the sweep has 1387488001 designs, more than the limit of 1000000"))
        #expect(run.output.isEmpty)
    }

    @Test func row11OverflowingSizesNameTheirOptions() {
        let run = Run("units", "--n", "4", "--nodes", "4,8,4", "--size", "9223372036854775807")
        #expect(run.status == 2)
        #expect(run.error == "tissue: error: the counts overflow a 64-bit integer; use smaller values for '--nodes', '--n', '--size', '--k'\n")
    }

    @Test func row12TableSpecsWithWindowsLineEndings() {
        let spec = "title \"T\"\r\ncolumns model acc\r\npublished lan2022-table2 model=VGG-16\r\n"
        let run = Run(["table", "-"], stdin: spec)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.hasPrefix("T\n"))
        #expect(run.output.contains("VGG-16"))
    }

    /// Writes replace a file only once the new one is complete, and a failed write says so.
    @Test func writesAreAtomicAndNamed() throws {
        let path = try Self.temporaryFile("out.arch", "previous\n")
        try PosixFile.write("new\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        let folder = (path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.arch"], "no temporary file is left")
        #expect(throws: FileProblem.noSuchFile) { try PosixFile.write("x", to: folder + "/no/such/dir/x.arch") }
        let run = RunWithFiles("stack", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "6", "-o", "/no/dir/x.arch",
                               failWrites: true)
        #expect(run.status == 2)
        #expect(run.error == "tissue: error: cannot write '/no/dir/x.arch': its directory does not exist\n")
        #expect(run.output.isEmpty, "nothing is printed before the failure")
    }

    /// Writing the stacked network over its own baseline is safe: the baseline was read first and
    /// the new file replaces it whole.
    @Test func writingOverTheInputIsSafe() throws {
        let source = try String(contentsOf: Golden.root.appendingPathComponent("Examples/zoo/vgg16-cifar10.arch"), encoding: .utf8)
        let path = try Self.temporaryFile("vgg.arch", source)
        let status = TissueCommandLine.run(["stack", path, "--hidden", "4", "-o", path],
                                           console: Console.recording(stdin: "", out: Recorder(), err: Recorder(),
                                                                      writeFile: { try PosixFile.write($1, to: $0) }))
        #expect(status == 0)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.hasPrefix("# Stacked (TissueNet) version of vgg16-cifar10"))
        #expect(!Self.totals(written).first!.hasPrefix("failed"))
    }

    /// A huge value for every option that takes a count or a size: exit 2 and a sentence naming
    /// the option, never a trap, a hang or an overflowing count.
    @Test("huge option values", arguments: [
        (["stack", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "9223372036854775807"], "for '--hidden' is beyond the limit of 65536"),
        (["stack", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "99999999999999999999"], "not a valid value for '--hidden'"),
        (["stack", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "2", "--piece", "9223372036854775807"], "for '--piece' is beyond the limit"),
        (["sweep", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "9223372036854775800..9223372036854775807"], "for '--hidden' is beyond the limit"),
        (["sweep", "Examples/zoo/resnet18-cifar10.arch", "--piece", "1..5000"], "for '--piece' is beyond the limit of 4096 values"),
        (["sweep", "Examples/zoo/resnet18-cifar10.arch", "--max-designs", "0"], "not a valid value for '--max-designs'"),
        (["units", "--n", "9223372036854775807", "--nodes", "2,4,2", "--size", "8"], "the counts overflow a 64-bit integer"),
        (["units", "--unit", "9223372036854775807x2,4,2", "--size", "8"], "use smaller values for '--unit', '--size', '--k'"),
        (["units", "--n", "4", "--nodes", "2,4,2", "--size", "8", "--k", "9223372036854775807"], "'--k'"),
        (["check", "Examples/zoo/lenet5.arch", "--max-params", "99999999999999999999T"], "not a valid value for '--max-params'"),
        (["verify", "Examples/zoo/lenet5.arch", "--threads", "9223372036854775807"], "a thread count from 1 to 256"),
        (["verify", "Examples/zoo/lenet5.arch", "--seed", "99999999999999999999"], "not a valid value for '--seed'"),
        (["verify", "Examples/zoo/lenet5.arch", "--input", "99999x99999"], "not a valid value for '--input'"),
        (["bench", "verify", "Examples/zoo/lenet5.arch", "--runs", "9223372036854775807"], "for '--runs' is beyond the limit of 1000"),
        (["bench", "sweep", "Examples/zoo/resnet18-cifar10.arch", "--runs", "1000000"], "for '--runs' is beyond the limit of 1000"),
        (["analyze", "Examples/zoo/lenet5.arch", "--max-input", "9999999999999999999999"], "not a valid value for '--max-input'"),
        (["analyze", "Examples/zoo/lenet5.arch", "--max-statements", "0"], "not a valid value for '--max-statements'"),
        (["analyze", "Examples/zoo/lenet5.arch", "--max-input", "10"], "beyond the limit of 10 bytes; raise it with '--max-input'"),
        (["compare", "Examples/zoo/resnet18-cifar10.arch", "Examples/stacked/resnet18-stacked-cifar10.arch", "--acc",
          "resnet18-cifar10=1e308"], "a percentage from 0 to 100"),
    ])
    func hugeOptionValues(_ arguments: [String], _ fragment: String) {
        let run = Run(arguments)
        #expect(run.status == 2)
        #expect(run.error.contains(fragment), "\(run.error)")
        #expect(!run.error.contains("\n  ") || run.error.contains("^"), "one sentence, or a located excerpt")
    }

    /// A file that is not UTF-8 is named as such by the live console.
    @Test func invalidUTF8IsNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tissue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("bad.arch").path
        FileManager.default.createFile(atPath: path, contents: Data([0x69, 0x6E, 0xFF, 0xFE, 0x0A]))
        #expect(throws: FileProblem.notUTF8) { try PosixFile.read(path, maximumBytes: 1 << 20) }
        #expect(throws: FileProblem.notAFile) { try PosixFile.read(folder.path, maximumBytes: 1 << 20) }
        #expect(throws: FileProblem.tooLarge(bytes: 5, limit: 4)) { try PosixFile.read(path, maximumBytes: 4) }
        #expect(FileProblem.reason(FileProblem.notUTF8, .read) == "the file is not UTF-8 text")
    }
}
