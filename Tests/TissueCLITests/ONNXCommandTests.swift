import Foundation
import Testing
import TissueArch
import TissueIR

/// Every command that takes an architecture reads `.onnx` files, and `convert` writes them as
/// `.arch` text that reads back to the same totals.
@Suite("ONNX on the command line")
struct ONNXCommandTests {
    static let folder = "Tests/Fixtures/onnx/"

    /// The fixtures whose every operator tissue models (the others have opaque nodes).
    static let exact = ["resnet18.bn-kept", "resnet18.bn-folded", "resnet18.bn-folded.dynamic-batch",
                        "resnet18.bn-folded.external-data", "resnet18.bn-kept.training", "resnet18.bn-kept.params-as-inputs",
                        "resnet18.bn-folded.params-as-inputs", "resnet18.dynamo", "resnet50.bn-kept", "resnet50.bn-folded",
                        "mobilenet_v2.bn-kept", "mobilenet_v2.bn-folded", "squeezenet1_0.bn-kept", "shufflenet_v2_x1_0.bn-kept",
                        "shufflenet_v2_x1_0.bn-folded", "vgg16-cifar10.bn-kept", "vgg16-cifar10.bn-folded",
                        "resnet18-stacked-cifar10.bn-kept", "resnet18-stacked-cifar10.bn-folded", "lenet-hybrid.bn-kept",
                        "lenet5.with-weights", "lenet5.stripped", "vit_b_16.bn-kept", "vit_b_16.bn-folded",
                        "efficientnet_b0.bn-kept", "efficientnet_b0.bn-folded", "mobilenet_v3_small.bn-kept",
                        "mobilenet_v3_small.bn-folded"]

    /// `params` and `MACs` of a `--summary --format csv` report.
    static func totals(_ run: Run) -> [String] {
        run.output.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("params,") || $0.hasPrefix("MACs,") }.map(String.init)
    }

    @Test func analyzeReadsAnONNXFile() {
        let run = Run("analyze", Self.folder + "resnet18.bn-kept.onnx", "--summary", "--format", "csv")
        #expect(run.status == 0)
        #expect(Self.totals(run) == ["params,11689512", "MACs,1814073344"])
        #expect(run.error.isEmpty)
    }

    @Test func aFileIsRecognisedByItsBytesWithoutTheExtension() throws {
        let path = NSTemporaryDirectory() + "tissue-onnx-\(UUID().uuidString).model"
        try Data(contentsOf: Golden.root.appendingPathComponent(Self.folder + "lenet5.stripped.onnx")).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = Run("analyze", path, "--summary", "--format", "csv")
        #expect(run.status == 0)
        #expect(Self.totals(run) == ["params,61706", "MACs,416520"])
    }

    @Test func foldedBatchNormIsANote() {
        let run = Run("analyze", Self.folder + "resnet18.bn-folded.onnx", "--summary")
        #expect(run.status == 0)
        #expect(run.error.contains("note: BatchNorm was folded into 20 convolutions by the exporter"))
    }

    @Test func anOperatorTissueDoesNotModelMakesLowerBoundsForAnalyzeAndAnErrorForCheck() {
        // A convolution and two `Sin` nodes (Tests/Fixtures/onnx-unmodelled/make.py).
        let file = "Tests/Fixtures/onnx-unmodelled/unmodelled.onnx"
        let analyze = Run("analyze", file, "--summary")
        #expect(analyze.status == 0)
        #expect(analyze.error.contains("warning: the totals are lower bounds: tissue does not model 2 nodes of this file ('ONNX Sin')"))
        #expect(analyze.error.contains("2 × 'ONNX Sin', counted as zero: '/sin1/Sin', '/sin2/Sin'"))
        let json = Run("analyze", file, "--format", "json")
        #expect(json.output.contains("\"uncounted\": [\n    {\n      \"operator\": \"ONNX Sin\",\n      \"nodes\": 2\n    }\n  ]"))
        #expect(!Run("analyze", Self.folder + "lenet5.stripped.onnx", "--format", "json").output.contains("uncounted"))
        let check = Run("check", file, "--max-params", "10M")
        #expect(check.status == 2)
        #expect(check.error.contains("error: the totals are lower bounds, since tissue does not model 'ONNX Sin' (2×)"))
    }

    @Test func checkCompareAndVerifyAcceptTheFixtures() {
        #expect(Run("check", Self.folder + "resnet18.bn-kept.onnx", "--max-params", "12M").status == 0)
        #expect(Run("check", Self.folder + "resnet18.bn-kept.onnx", "--max-params", "11M").status == 1)
        let compare = Run("compare", Self.folder + "resnet18.bn-kept.onnx", "Examples/zoo/resnet18.arch")
        #expect(compare.status == 0)
        let verify = Run("verify", Self.folder + "lenet5.stripped.onnx")
        #expect(verify.status == 0)
        #expect(verify.output.contains("pass: all 12 layers agree"))
    }

    @Test func tableCandidatesAndDrawingsReadONNX() throws {
        let onnx = Golden.root.appendingPathComponent(Self.folder + "resnet18.bn-kept.onnx").path
        let spec = NSTemporaryDirectory() + "tissue-onnx-\(UUID().uuidString).table"
        try """
            title "ONNX candidates"
            columns model params flops
            baseline \(Golden.root.appendingPathComponent("Examples/zoo/resnet18.arch").path) label=arch
            candidate \(onnx) label=onnx
            """.write(toFile: spec, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: spec) }
        let table = Run("table", spec, "--format", "csv")
        #expect(table.status == 0, "\(table.error)")
        let rows = table.output.split(whereSeparator: \.isNewline).map(String.init)
        // The .arch baseline and the ONNX candidate: the same parameters and FLOPs.
        #expect(rows.count == 3)
        #expect(rows.dropFirst().map { $0.split(separator: ",").dropFirst().joined(separator: ",") } == ["11.69,3.64", "11.69,3.64"])
        let draw = RunWithFiles("draw", Self.folder + "shufflenet_v2_x1_0.bn-kept.onnx", "-o", "shufflenet.svg")
        #expect(draw.status == 0)
        #expect(draw.files["shufflenet.svg"]?.contains("<svg") == true)
    }

    @Test func stackOfTheONNXExportEqualsStackOfTheArchFile() {
        let onnx = Run("stack", Self.folder + "resnet18.bn-kept.onnx", "--hidden", "4")
        let arch = Run("stack", "Examples/zoo/resnet18.arch", "--hidden", "4")
        #expect(onnx.status == 0 && arch.status == 0)
        let stackedLine = { (run: Run) in
            run.error.split(whereSeparator: \.isNewline).first { $0.hasPrefix("stacked") }?.split(separator: " ").map(String.init)
        }
        #expect(stackedLine(onnx) != nil)
        #expect(stackedLine(onnx) == stackedLine(arch))
        let a = try? ArchReader.read(onnx.output), b = try? ArchReader.read(arch.output)
        let totals = { (network: Network?) in network.flatMap { try? Analysis($0).totals } }
        #expect(totals(a) != nil)
        #expect(totals(a) == totals(b))
    }

    @Test("convert writes .arch text that reads back to the same totals", arguments: exact)
    func convertRoundTrip(_ name: String) throws {
        let convert = Run("convert", Self.folder + name + ".onnx")
        #expect(convert.status == 0, "\(convert.error)")
        let network = try ArchReader.read(convert.output)
        let analysis = try Analysis(network)
        let original = Run("analyze", Self.folder + name + ".onnx", "--summary", "--format", "csv")
        #expect(Self.totals(original) == ["params,\(analysis.totals.params)", "MACs,\(analysis.totals.macs)"])
    }

    @Test func convertSaysWhatItCannotExpress() {
        let run = Run("convert", "Tests/Fixtures/onnx-unmodelled/unmodelled.onnx")
        #expect(run.status == 2)
        #expect(run.error.contains("'.arch' has no statement for what tissue does not model: 'ONNX Sin' (2×)"))
    }

    @Test func convertWritesTheFileGivenWithO() {
        let run = RunWithFiles("convert", Self.folder + "lenet5.stripped.onnx", "-o", "lenet5.arch")
        #expect(run.status == 0)
        #expect(run.files["lenet5.arch"]?.contains("model lenet5.stripped") == true)
    }

    @Test func aBrokenFileIsALocatedErrorWithExitStatus2() throws {
        let bytes = try Data(contentsOf: Golden.root.appendingPathComponent(Self.folder + "resnet18.bn-kept.onnx"))
        let path = NSTemporaryDirectory() + "tissue-onnx-\(UUID().uuidString).onnx"
        try bytes.prefix(5_000).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = Run("analyze", path)
        #expect(run.status == 2)
        #expect(run.error.hasPrefix("\(path): error: at byte "))
        #expect(run.error.contains("(ModelProto.graph): a length of 20599 bytes runs past the end of its message"))
    }

    /// `--batch 4` binds the symbolic batch and counts four samples: PyTorch's 1,814,073,344
    /// conv + linear MACs of one sample (onnx.json), times 4; the parameters stay.
    @Test func batchBindsASymbolicBatch() {
        let run = Run("analyze", Self.folder + "resnet18.bn-folded.dynamic-batch.onnx", "--batch", "4", "--summary", "--format", "csv")
        #expect(run.status == 0)
        #expect(Self.totals(run) == ["params,11684712", "MACs,\(4 * 1_814_073_344)"])
        #expect(Run("analyze", Self.folder + "lenet5.stripped.onnx", "--batch", "0").status == 2)
    }

    @Test func aMissingONNXFileSaysSo() {
        let run = Run("analyze", "no-such-model.onnx")
        #expect(run.status == 2)
        #expect(run.error == "tissue: error: cannot read 'no-such-model.onnx': no such file\n")
    }
}
