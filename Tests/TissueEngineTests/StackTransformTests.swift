import Testing
import TissueArch
import TissueDiagnostics
import TissueIR
import TissueReports
import TissueTransforms

@Suite("Stacking transform")
struct StackTransformTests {
    /// The stacked network's printed text and the analysis of that text read back, which must
    /// equal the analysis of the network the transform built.
    static func transform(_ path: String, _ transform: StackTransform) throws -> (String, Analysis) {
        let base = try ArchReader.read(try Repository.text(path))
        let (stacked, _) = try transform.apply(to: base)
        let source = try ArchPrinter().print(stacked)
        let reread = try Repository.analyze(source, name: "<stacked>")
        #expect(try Analysis(stacked).totals == reread.totals, "the printed text reads back to the same network")
        return (source, reread)
    }

    /// The PyTorch model built by the same rule (oracle.py, `resnet18_tissue_cifar10`) fixes the
    /// expected params and MACs; the written file must parse back to them.
    @Test func resnet18InnerMatchesThePyTorchModel() throws {
        let oracle = try #require(try OracleModels.load().models.first { $0.name == "resnet18-cifar10-tissue-h6-r" })
        let (source, stacked) = try Self.transform("Examples/zoo/resnet18-cifar10.arch",
                                                   StackTransform(hidden: 6, piece: 2, replace: .inner))
        #expect(stacked.totals.params == oracle.params)
        #expect(stacked.totals.macs == oracle.conv_linear_macs)
        #expect(OracleModels.layerKeys(stacked.layers) == oracle.layers.map(\.key).sorted())
        #expect(source.contains("stack (in/2) x bu(2, 6, 4, 2)"), "the downsampling block of stage 2")
        // The committed example is this very output.
        let committed = try Repository.analyze(try Repository.text(oracle.arch))
        #expect(committed.totals == stacked.totals)
    }

    /// VGG-16 (CIFAR): pairs (conv3,conv4), (conv6,conv7), (conv9,conv10), (conv12,conv13) are
    /// stacked; the stem and one normal conv before each stacked pair stay. Expected params from
    /// the closed form: each pair a→b→c (3x3 convs with bias, bn) becomes a/C1 units of
    /// conv(C1→C2)+bn(C2)+conv(C2→C1·c/a)+bn.
    @Test func vggPairsKeepANormalLayerBetweenStacks() throws {
        let (c1, c2) = (2, 4)
        let base = try Repository.analyze(try Repository.text("Examples/zoo/vgg16-cifar10.arch"))
        func pair(_ a: Int, _ b: Int, _ c: Int) -> Int { (9 * a * b + b + 2 * b) + (9 * b * c + c + 2 * c) }
        func stacked(_ a: Int, _ c: Int) -> Int {
            let c3 = c1 * c / a
            return (a / c1) * (9 * c1 * c2 + 2 * c2 + 9 * c2 * c3 + 2 * c3)
        }
        // conv3 64→128, conv4 128→128 | conv6 256→256, conv7 | conv9 512→512, conv10 | conv12, conv13
        let pairs = [(64, 128, 128), (256, 256, 256), (512, 512, 512), (512, 512, 512)]
        let expected = base.totals.params - pairs.map { pair($0.0, $0.1, $0.2) }.reduce(0, +)
            + pairs.map { stacked($0.0, $0.2) }.reduce(0, +)
        let (source, result) = try Self.transform("Examples/zoo/vgg16-cifar10.arch", StackTransform(hidden: c2, piece: c1))
        #expect(result.totals.params == expected)
        #expect(source.split(separator: "\n").filter { $0.contains("stack (in/2)") }.count == 4)
    }

    @Test("bad choices are located errors", arguments: [
        (StackTransform(hidden: 6, piece: 3), "'plain/residual' has 64 input channels, which do not split into pieces of 3"),
        (StackTransform(hidden: 6, piece: 2), "maps 96 to 64 channels"),
        (StackTransform(hidden: 6, replace: .paths(["plian"])), "no block that can be stacked is at 'plian'; did you mean 'plain'?"),
    ])
    func errors(_ transform: StackTransform, _ fragment: String) throws {
        // The first residual maps 96 → 64 (piece 2: 2·64/96 is not whole; piece 3 divides both),
        // the second 64 → 64 (piece 3 does not divide 64).
        let source = """
            block plain(w) { residual { conv w k=3 p=1 bias=false; bn; relu; conv w k=3 p=1 bias=false; bn } }
            input 3x8x8
            conv 96 k=3 p=1
            residual { conv 96 k=3 p=1 bias=false; bn; relu; conv 64 k=3 p=1 bias=false; bn } shortcut { conv 64 k=1 }
            plain(64)
            """
        let base = try ArchReader.read(source)
        #expect(throws: Diagnostic.self) { try transform.apply(to: base) }
        do { _ = try transform.apply(to: base) } catch {
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test func networksWithoutEligibleBlocksSaySo() throws {
        // AlexNet: convolutions without batch norm, and a classifier with dropout between its layers.
        let base = try ArchReader.read(try Repository.text("Examples/zoo/alexnet.arch"))
        do {
            _ = try StackTransform(hidden: 4).apply(to: base)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("no block or layer pair qualifies"))
        }
    }

    /// Printing a parsed network back as `.arch` keeps every count (blocks inlined, repeats unrolled).
    @Test("printing round-trips", arguments: Repository.exampleFiles().filter { !$0.contains("/ci/") })
    func printRoundTrip(_ path: String) throws {
        let network = try ArchReader.read(try Repository.text(path))
        let printed = try ArchPrinter().print(network)
        let original = try Analysis(network)
        let reparsed = try Repository.analyze(printed, name: "<printed \(path)>")
        #expect(reparsed.totals == original.totals)
        #expect(reparsed.output == original.output)
    }
}
