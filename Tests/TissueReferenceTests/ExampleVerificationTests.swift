import Testing
import TissueIR
@testable import TissueReference

/// `tissue verify` on every description under Examples/ (zoo, stacked, paper, …; a new file is
/// picked up automatically): every layer's shape, parameters and MACs must equal what the
/// reference pass produced, allocated and executed, and every stacked layer with a dense
/// counterpart must compute the same function as it.
@Suite("Examples verify")
struct ExampleVerificationTests {
    @Test func examplesAreFound() {
        #expect(Repository.exampleFiles().count >= 15)
    }

    @Test(arguments: Repository.exampleFiles())
    func verifies(_ file: String) throws {
        let verification = try Networks.verify(try Networks.example(file))
        let report = VerificationReport(verification)
        #expect(verification.countsAgree, "\(report.text())")
        #expect(verification.stacksAgree, "\(report.text())")
        // The totals agree too, and a pass ran every layer.
        #expect(verification.executedMACs == verification.analyticTotals.macs)
        #expect(verification.executedParams == verification.analyticTotals.params)
    }
}
