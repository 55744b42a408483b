import Foundation
import Testing
@testable import TissueCLI

/// Answers that are right but would mislead carry a warning (stderr, JSON; `--strict` exits 1),
/// and sweep and stack results can be used: a design written out, a front that means something,
/// layer charts that line up, nothing printed before a write that fails.
@Suite("warnings, sweep designs and charts")
struct WarningsAndChoicesTests {
    static let resnet = "Examples/zoo/resnet18-cifar10.arch"

    @Test func modelsOnDifferentInputsAreWarnedAbout() {
        let run = Run("compare", Self.resnet, "Examples/zoo/lenet5.arch")
        #expect(run.status == 0)
        #expect(run.error.contains("tissue: warning: 'lenet5' reads 1x28x28 but its baseline 'resnet18-cifar10' reads 3x32x32"))
        #expect(Run("compare", Self.resnet, "Examples/zoo/lenet5.arch", "--strict").status == 1)
        let classes = Run("compare", "Examples/zoo/resnet18.arch", "Examples/zoo/resnet18-cifar10.arch", "--input", "3x32x32")
        #expect(classes.error.contains("gives 10 outputs but its baseline 'resnet18' gives 1000"), "\(classes.error)")
        #expect(!classes.error.contains("reads"), "--input puts both on one input")
    }

    /// The candidate keeps 2010/22110 of the FLOPs and 1010/11110 of the params at the same
    /// accuracy: it breaks even at about 8% for CE ≥ 1, but CE ≥ 20 would need 20 · 90 · 2010 /
    /// 22110 = 163.64%, and SE ≥ 20 as much.
    @Test func anUnreachableBreakEvenIsWarnedAbout() throws {
        let baseline = "model big\ninput 100\naccuracy 90\nlinear 100\nlinear 10\n"
        try withFiles(["big.arch": baseline, "small.arch": "model small\ninput 100\naccuracy 90\nlinear 10\n"]) { folder in
            let reachable = Run("compare", folder + "/big.arch", folder + "/small.arch")
            #expect(reachable.error.isEmpty, "\(reachable.error)")
            let run = Run("compare", folder + "/big.arch", folder + "/small.arch", "--target", "20", "--format", "json")
            #expect(run.error.contains("'small' would need 163.64% accuracy for CE ≥ 20, more than 100%"), "\(run.error)")
            #expect(run.error.contains("'small' would need 163.64% accuracy for SE ≥ 20"), "\(run.error)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            let warnings = try #require(json["warnings"] as? [String])
            #expect(warnings.count == 2 && warnings[0].hasPrefix("'small' would need 163.64%"))
        }
    }

    @Test func anAbsurdHiddenWidthIsWarnedAbout() {
        let run = Run("stack", Self.resnet, "--hidden", "1000", "-o", "/tmp/never-written.arch")
        #expect(run.status == 0)
        #expect(run.error.contains("the hidden width 1000 is more than the widest layer replaced (512 channels)"))
        #expect(run.error.contains("'stacked' has more params than its baseline"))
        #expect(Run("stack", Self.resnet, "--hidden", "1000", "-o", "/tmp/never-written.arch", "--strict").status == 1)
        #expect(Run("stack", Self.resnet, "--hidden", "4", "-o", "/tmp/never-written.arch").error.isEmpty)
    }

    /// The chosen design written by `sweep -o` is the row it names: reading it back gives the
    /// row's totals.
    @Test("sweep -o writes the design it names", arguments: [
        ["--per-stage", "--hidden", "2,4", "--budget", "flops<=300M"],
        ["--hidden", "1..4", "--piece", "1,2", "--pick", "5"],
        ["--hidden", "2,6", "--replace", "inner", "--budget", "params<=9M"],
    ])
    func sweepWritesTheChosenDesign(_ options: [String]) throws {
        let writes = Writes()
        let run = Run(["sweep", Self.resnet, "-o", "best.arch", "--format", "json"] + options, writes: writes)
        #expect(run.status == 0, "\(run.error)")
        let source = try #require(writes.files["best.arch"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let designs = try #require(json["designs"] as? [[String: Any]])
        let number = try #require(Int(run.error.split(separator: "design ").last?.prefix { $0.isNumber } ?? ""), "\(run.error)")
        let row = try #require(designs.first { $0["number"] as? Int == number })
        let written = try #require(try JSONSerialization.jsonObject(
            with: Data(Run(["analyze", "-", "--format", "json"], stdin: source).output.utf8)) as? [String: Any])
        #expect(written["totals"] as? [String: Int] == row["totals"] as? [String: Int])
        if options.contains("--budget") {
            // The most params among the designs within the budget.
            let within = designs.filter { $0["meets_budget"] as? Bool == true }
            let most = within.compactMap { ($0["totals"] as? [String: Int])?["params"] }.max()
            #expect((row["totals"] as? [String: Int])?["params"] == most)
        }
    }

    @Test("sweep -o needs a way to choose", arguments: [
        (["-o", "x.arch"], "option '--output' needs '--budget METRIC<=Q' or '--pick N'"),
        (["--pick", "2"], "option '--pick' needs '-o OUT'"),
        (["-o", "x.arch", "--pick", "99"], "'99' is not a valid value for '--pick': expected a design number from 1 to 4"),
        (["-o", "x.arch", "--budget", "params<=1"], "none of the 4 does"),
    ])
    func sweepOutputErrors(_ options: [String], _ message: String) {
        let run = Run(["sweep", Self.resnet, "--hidden", "2,4", "--piece", "2"] + options)
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.error.contains(message), "\(run.error)")
    }

    /// The front of a uniform sweep: no design is beaten on both params and FLOPs by another.
    @Test func theFrontOfAUniformSweepIsUndominated() throws {
        let run = Run("sweep", Self.resnet, "--hidden", "1..8", "--piece", "1,2,4", "--format", "json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let designs = try #require(json["designs"] as? [[String: Any]])
        let points = designs.map { ($0["totals"] as? [String: Int] ?? [:], $0["front"] as? Bool ?? false) }
        func beaten(_ p: [String: Int]) -> Bool {
            points.contains { q, _ in
                q["params"]! <= p["params"]! && q["flops"]! <= p["flops"]! && (q["params"]! < p["params"]! || q["flops"]! < p["flops"]!)
            }
        }
        for (totals, front) in points { #expect(front == !beaten(totals), "\(totals)") }
        #expect(points.filter(\.1).count < points.count / 2)
    }

    @Test func perStageLabelsAreExplained() {
        let run = Run("sweep", Self.resnet, "--per-stage", "--hidden", "2", "--piece", "2")
        #expect(run.output.contains("design: per stage WIDTHch×BLOCKS (its channels and blocks), then C2/C1"))
    }

    /// A chart that cannot be written stops the command before anything is printed.
    @Test("nothing is printed before a write that fails", arguments: [
        ["sweep", resnet, "--hidden", "2", "--chart", "/nonexistent/x.svg"],
        ["sweep", resnet, "--hidden", "2", "--pick", "1", "-o", "/nonexistent/x.arch"],
        ["compare", resnet, "Examples/stacked/resnet18-stacked-cifar10.arch", "--chart", "/nonexistent/x.svg"],
        ["table", "Examples/paper/tables/table2.table", "--chart", "/nonexistent/x.svg"],
        ["stack", resnet, "--hidden", "4", "-o", "/nonexistent/dir/x.arch"],
    ])
    func nothingBeforeAFailedWrite(_ arguments: [String]) {
        let run = Run(arguments, writes: Writes(failing: true))
        #expect(run.status == 2)
        #expect(run.output.isEmpty, "\(run.output)")
        #expect(run.error.contains("cannot write '/nonexistent/"), "\(run.error)")
    }

    /// A VGG and its stacked version (blocks written out layer by layer) share their rows.
    @Test func layerChartsLineUpAlongTheDataPath() {
        let writes = Writes()
        _ = Run(["compare", "Examples/zoo/vgg16-cifar10.arch", "Examples/paper/vgg16-cifar10-tissue-h4.arch", "--chart", "c.svg",
                 "--chart-kind", "layers"], writes: writes)
        let svg = writes.files["c.svg"] ?? ""
        #expect(svg.contains("matched by shape"))
        for stage in ["stage1 64x32x32", "stage2 128x16x16", "stage3 256x8x8", "linear"] { #expect(svg.contains(stage), "\(stage)") }
        #expect(!svg.contains(">conv1<"))
    }
}

/// Files a command writes, kept in memory; or every write failing as a missing directory.
final class Writes: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String: String] = [:]
    let failing: Bool

    init(failing: Bool = false) { self.failing = failing }

    var files: [String: String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func write(_ path: String, _ text: String) throws {
        if failing { throw FileProblem.noSuchFile }
        lock.lock()
        stored[path] = text
        lock.unlock()
    }
}

extension Run {
    init(_ arguments: [String], stdin: String = "", writes: Writes) {
        let out = Recorder(), err = Recorder()
        let console = Console.recording(stdin: stdin, out: out, err: err, writeFile: { try writes.write($0, $1) })
        status = TissueCommandLine.run(arguments, console: console)
        output = out.text
        error = err.text
    }
}

/// Runs `body` with the files written to a scratch folder (its path given), then removes it.
func withFiles(_ files: [String: String], _ body: (String) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tissue-files-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    try body(folder.path)
}
