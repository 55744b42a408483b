import Foundation
import Testing

/// `tissue stack` against the authors' own units run in PyTorch: `Tests/Fixtures/oracle/bunit.py`
/// builds ResNet-18 with `BunitBlock` in layers 2–3 and ResNet-50 with `BunitBottleneck` (units
/// transcribed from Lanweichao/BUnit-Net) and records their params and thop MACs in bunit.json.
/// The command, with the arguments the fixture names, must give exactly those numbers.
@Suite("tissue stack against the authors' code")
struct StackOracleTests {
    struct Fixture: Decodable {
        struct Model: Decodable {
            var name, arch: String
            var arguments: [String]
            var params, thop_macs: Int
        }
        var models: [Model]
    }

    struct Report: Decodable {
        struct Totals: Decodable { var params: Int; var macs: Int }
        var residualRule: String
        var stackedTotals: Totals
    }

    static func fixture() throws -> Fixture {
        let url = Golden.root.appendingPathComponent("Tests/Fixtures/oracle/bunit.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test func stackGivesTheAuthorsNetworks() throws {
        let models = try Self.fixture().models
        #expect(models.count == 2)
        for model in models {
            let run = Run(["stack", model.arch] + model.arguments + ["-c", "thop", "--format", "json"])
            #expect(run.status == 0, "\(run.error)")
            // Without -o the comparison goes to standard error.
            let report = try JSONDecoder().decode(Report.self, from: Data(run.error.utf8))
            #expect(report.residualRule == "body", "the default is the authors' code")
            #expect(report.stackedTotals.params == model.params, "\(model.name)")
            #expect(report.stackedTotals.macs == model.thop_macs, "\(model.name)")
        }
    }
}
