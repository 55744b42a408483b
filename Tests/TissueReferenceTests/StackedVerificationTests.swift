import Testing
import TissueArch
import TissueIR
import TissueTransforms
@testable import TissueReference

/// `tissue stack` on every block kind, then `tissue verify` on what it printed: the printed
/// `.arch` reads back to the transform's totals, every layer's counts are what the reference pass
/// allocated and executed, and every stacked layer computes what its block-diagonal dense
/// counterpart computes.
@Suite("Stacked networks verify")
struct StackedVerificationTests {
    static let unitFile = "Examples/stacked/separable-unit.arch"

    static let cases: [(base: String, transform: StackTransform, label: String)] = [
        ("Examples/paper/mobilenetv2-cifar10.arch", StackTransform(hidden: 12, replace: .inner), "inverted residuals"),
        ("Examples/zoo/resnet50.arch", StackTransform(hidden: 4), "bottlenecks"),
        ("Examples/paper/mlp-mnist.arch", StackTransform(hidden: 4), "hidden layers"),
        ("Examples/zoo/resnet18-cifar10.arch", StackTransform(hidden: 4, residualScope: .first, hiddenPerStage: [4, 6, 6, 8]),
         "per-stage widths, the paper's Table 3 rule"),
        ("Examples/zoo/vgg16-cifar10.arch", StackTransform(hidden: 4), "conv pairs"),
        ("Examples/zoo/resnet18-cifar10.arch", StackTransform(hidden: 8), "a user's unit"),
        ("Tests/Fixtures/stacking/mobilenet-v1-cifar.arch", StackTransform(hidden: 8), "separable runs"),
    ]

    @Test("stack, print, read back, verify", arguments: Self.cases.indices)
    func verifies(_ index: Int) throws {
        var (path, transform, label) = Self.cases[index]
        if label == "a user's unit" {
            transform.unit = try ArchReader.unitTemplate(named: "su", in: try Repository.text(Self.unitFile))
        }
        // At the size the suite runs examples (ResNet-50 at 32×32).
        let base = try Networks.example(path)
        let (stacked, replaced) = try transform.apply(to: base)
        #expect(!replaced.isEmpty)
        let printed = try ArchPrinter().print(stacked)
        let reread = try Networks.parse(printed, name: "<\(label)>")
        let analysis = try Analysis(reread)
        #expect(analysis.totals == (try Analysis(stacked).totals), "\(label): the printed .arch reads back to the same totals")
        let verification = try Networks.verify(reread)
        let report = VerificationReport(verification)
        #expect(verification.countsAgree, "\(label): \(report.text())")
        #expect(verification.stacksAgree, "\(label): \(report.text())")
        // Every stacked layer was compared with its dense counterpart: none was left unchecked.
        #expect(verification.stackRows.count == replaced.count)
        #expect(verification.stackRows.allSatisfy { $0.stackCheck?.agrees == true }, "\(label): \(report.text())")
        #expect(verification.executedParams == analysis.totals.params)
    }
}
