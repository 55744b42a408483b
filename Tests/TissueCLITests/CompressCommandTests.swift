import Foundation
import Testing
@testable import TissueCLI

/// `tissue compress`: the combined table in every format (golden files), the groups, `-o`
/// outputs that read back to the row's totals, and bad input refused with exit status 2.
@Suite("tissue compress")
struct CompressCommandTests {
    /// Every family, a combination and a search on one baseline with an accuracy.
    static let families = [
        "compress", "Examples/ci/resnet18-cifar10-baseline.arch",
        "--method", "channels=0.5", "--method", "merge=0.5", "--method", "sparsity=0.9,format=csr",
        "--method", "rank=0.25", "--method", "separable", "--method", "quantize=8,scale=channel",
        "--method", "stack=4,piece=2", "--method", "channels=0.5+quantize=4,scale=group:64",
        "--method", "channels=?", "--budget", "flops<=150M",
        "--acc", "channels=0.5=93.1", "--acc", "stack=4,piece=2=93.3",
    ]

    @Test("the combined table renders in every format", arguments: [
        ("text", "compress-resnet18.txt"), ("markdown", "compress-resnet18.md"), ("csv", "compress-resnet18.csv"),
        ("json", "compress-resnet18.json"), ("latex", "compress-resnet18.tex"),
    ])
    func formats(_ format: String, _ golden: String) {
        let run = Run(Self.families + ["--format", format])
        #expect(run.status == 0, "\(run.error)")
        Golden.check(run.output, against: golden)
    }

    @Test func theChartShowsWhatEachMethodKeeps() throws {
        let run = RunWithFiles("compress", "Examples/zoo/resnet18-cifar10.arch", "--method", "channels=0.5",
                               "--method", "sparsity=0.9", "--method", "quantize=4", "--chart", "kept.svg")
        #expect(run.status == 0, "\(run.error)")
        let svg = try #require(run.files["kept.svg"])
        Golden.check(svg, against: "compress-resnet18-kept.svg")
    }

    @Test func groupsAreListed() {
        let run = Run("compress", "Examples/zoo/mobilenet_v2.arch", "--method", "channels=0.25", "--groups")
        #expect(run.status == 0, "\(run.error)")
        Golden.check(run.output, against: "compress-mobilenet_v2-groups.txt")
    }

    /// The published rows of the registry sit in the same table, in their own group.
    @Test func publishedRowsJoinTheTable() {
        let run = Run("compress", "Examples/paper/resnet18-cifar10.arch", "--method", "channels=0.5",
                      "--published", "lan2022-table3,model=ResNet-18")
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("ResNet-18"))
        #expect(run.output.split(separator: "\n").count > 6)
    }

    /// `-o` writes the row's network; read back through the `.arch` front end it has the row's
    /// params, MACs and FLOPs (sparsity and bit widths are in its header, not in its layers).
    @Test("-o writes a network that reads back to the row's totals", arguments: [
        "channels=0.5", "merge=0.3", "rank=0.25,conv=spatial", "separable@down*,groups=4", "stack=4,replace=inner",
        "sparsity=0.5,format=nm:2:4+quantize=4", "channels=0.25+rank=16@down*+quantize=8,activations=8",
    ])
    func outputReadsBack(_ spec: String) throws {
        let run = RunWithFiles("compress", "Examples/zoo/resnet18-cifar10.arch", "--method", spec, "-o", "out.arch",
                               "--format", "json")
        #expect(run.status == 0, "\(run.error)")
        let written = try #require(run.files["out.arch"])
        let reread = Run(["analyze", "-", "--format", "json", "--summary"], stdin: written)
        #expect(reread.status == 0, "\(reread.error)")
        for key in ["params", "macs", "flops"] {
            let row = try #require(Self.number(key, inRow: 1, of: run.output))
            #expect(reread.output.contains("\"\(key)\": \(row)"), "\(spec): \(key) \(row)\n\(reread.output)")
        }
        if spec.contains("sparsity") { #expect(written.contains("# Weight storage")) }
    }

    /// The value of `"key": N` in the totals of the row at `index` of compress's JSON.
    static func number(_ key: String, inRow index: Int, of json: String) -> Int? {
        let rows = json.components(separatedBy: "\"totals\": {").dropFirst()
        guard index < rows.count else { return nil }
        let row = rows[rows.index(rows.startIndex, offsetBy: index)]
        guard let range = row.range(of: "\"\(key)\": ") else { return nil }
        return Int(row[range.upperBound...].prefix { $0.isNumber })
    }

    @Test("bad input exits 2 with the token quoted", arguments: [
        (["--method", "chanels=0.5"], "--method 'chanels=0.5': unknown method 'chanels'; did you mean 'channels'?"),
        (["--method", "channels=1.2"], "'1.2' is not a valid value for 'channels'"),
        (["--method", "channels=0.5@layer9/*"], "'@layer9/*' in 'channels' selects no layer"),
        (["--method", "rank=300"], "rank 300 makes 'conv' larger"),
        (["--method", "channels=?"], "give one, such as '--budget flops<=300M'"),
        (["--method", "channels=?", "--budget", "flops<=1k"], "no value of 'channels=?' meets flops<=1k"),
        (["--method", "channels=0.5", "--budget", "flops<=1G"], "needs a '--method' with '?'"),
        (["--method", "channels=?", "--budget", "flop<=1G"], "did you mean 'flops'?"),
        (["--method", "channels=0.5", "--dtype", "f33"], "'f33' is not a valid value for '--dtype'"),
        (["--method", "channels=0.5", "--method", "rank=4", "-o", "x.arch"], "exactly one '--method'"),
        (["--method", "channels=0.5", "--published", "lan2022-table9"], "--published 'lan2022-table9'"),
        ([], "needs --method SPEC"),
    ])
    func errors(_ arguments: [String], _ fragment: String) {
        let run = Run(["compress", "Examples/zoo/resnet18-cifar10.arch"] + arguments)
        #expect(run.status == 2)
        #expect(run.error.hasPrefix("tissue: error: "), "\(run.error)")
        #expect(run.error.contains(fragment), "\(run.error)")
    }
}
