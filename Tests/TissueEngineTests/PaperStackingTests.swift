import Testing
import TissueArch
import TissueIR
import TissueTransforms

/// `tissue stack` with documented options against the networks written by hand (or earlier by the
/// command) in Examples/paper: the transform and the files can never disagree. The expected side
/// is the committed file, read on its own; nothing here comes from the transform's output.
@Suite("Stacking reproduces the paper's files")
struct PaperStackingTests {
    /// (baseline, transform as `tissue stack` options build it, the file it must reproduce).
    static let table: [(base: String, transform: StackTransform, expected: String)] = [
        // MobileNetV2 'r': iru(2, 12, 2) in the identity blocks of the stages of width 32, 64, 96.
        ("mobilenetv2-cifar10", StackTransform(hidden: 12, replace: .inner), "mobilenetv2-cifar10-tissue-r"),
        ("mobilenetv2-cifar100", StackTransform(hidden: 12, replace: .inner), "mobilenetv2-cifar100-tissue-r"),
        // The MLP 784-500-300-10 with c2 = 4.
        ("mlp-mnist", StackTransform(hidden: 4), "mlp-mnist-tissue-h4"),
        // ResNet, the authors' code (whole body) and the paper's Table 3 (first convolution).
        ("resnet18-cifar10", StackTransform(hidden: 6, replace: .inner), "resnet18-cifar10-tissue-h6-r"),
        ("resnet18-cifar10", StackTransform(hidden: 6), "resnet18-cifar10-tissue-h6"),
        ("resnet18-cifar10", StackTransform(hidden: 6, replace: .inner, residualScope: .first),
         "resnet18-cifar10-tissue-h6-r-conv1"),
        ("resnet18-cifar10", StackTransform(hidden: 6, residualScope: .first), "resnet18-cifar10-tissue-h6-conv1"),
        ("resnet18-cifar100", StackTransform(hidden: 4, replace: .inner), "resnet18-cifar100-tissue-h4-r"),
        ("resnet18-cifar100", StackTransform(hidden: 4), "resnet18-cifar100-tissue-h4"),
        ("resnet18-cifar100", StackTransform(hidden: 4, replace: .inner, residualScope: .first),
         "resnet18-cifar100-tissue-h4-r-conv1"),
        ("resnet18-cifar100", StackTransform(hidden: 4, residualScope: .first), "resnet18-cifar100-tissue-h4-conv1"),
        ("resnet34-imagenet", StackTransform(hidden: 8, replace: .inner), "resnet34-imagenet-tissue-h8-r"),
        ("resnet34-imagenet", StackTransform(hidden: 8, replace: .inner, residualScope: .first),
         "resnet34-imagenet-tissue-h8-r-conv1"),
        // VGG: conv3x3 pairs.
        ("vgg16-cifar10", StackTransform(hidden: 4), "vgg16-cifar10-tissue-h4"),
        ("vgg16-cifar100", StackTransform(hidden: 4), "vgg16-cifar100-tissue-h4"),
        ("vgg16-cifar100", StackTransform(hidden: 6), "vgg16-cifar100-tissue-h6"),
        ("vgg19-tinyimagenet", StackTransform(hidden: 6), "vgg19-tinyimagenet-tissue-h6"),
        ("vgg19-tinyimagenet", StackTransform(hidden: 6, replace: .inner), "vgg19-tinyimagenet-tissue-h6-r"),
    ]

    /// Every stacked file in Examples/paper that a `tissue stack` rule claims to make is in the table.
    @Test func everyStackedResNetVGGMobileNetAndMLPFileIsCovered() {
        let covered = Set(Self.table.map { "Examples/paper/\($0.expected).arch" })
        let stacked = Repository.exampleFiles().filter { file in
            file.hasPrefix("Examples/paper/") && file.contains("-tissue")
                && ["resnet", "vgg", "mobilenetv2", "mlp"].contains { file.hasPrefix("Examples/paper/" + $0) }
        }
        #expect(Set(stacked) == covered)
    }

    @Test("the transform gives the committed file", arguments: Self.table.indices)
    func reproduces(_ index: Int) throws {
        let (base, transform, expected) = Self.table[index]
        let network = try ArchReader.read(try Repository.text("Examples/paper/\(base).arch"))
        let (stacked, _) = try transform.apply(to: network)
        let made = try Analysis(stacked)
        let written = try Repository.analyze(try Repository.text("Examples/paper/\(expected).arch"), name: expected)
        #expect(made.totals == written.totals, "\(expected)")
        let (madeLayers, writtenLayers) = (Self.shapes(made.layers), Self.shapes(written.layers))
        #expect(madeLayers == writtenLayers, "\(expected): first difference \(Self.firstDifference(madeLayers, writtenLayers))")
        // And the printed text reads back to the same network.
        let reread = try Repository.analyze(try ArchPrinter().print(stacked), name: "<stacked \(expected)>")
        #expect(reread.totals == made.totals)
    }

    /// Each layer's operation, input and output shapes and counts; a stack's units layer by layer.
    static func shapes(_ layers: [LayerCost]) -> [String] {
        layers.flatMap { layer -> [String] in
            let line = "\(layer.summary) \(layer.inputs.map(\.dimensions)) → \(layer.output.dimensions) "
                + "params \(layer.cost.params) macs \(layer.cost.macs)"
            return [line] + layer.units.flatMap { unit in ["unit \(unit.name) width \(unit.width)"] + shapes(unit.layers) }
        }
    }

    static func firstDifference(_ a: [String], _ b: [String]) -> String {
        guard let i = a.indices.first(where: { $0 < b.count && a[$0] != b[$0] }) else { return "lengths \(a.count) and \(b.count)" }
        return "line \(i): \(a[i]) | \(b[i])"
    }
}
