import Testing
import TissueArch
import TissueDiagnostics
import TissueIR

/// `concat tokens { A } { B }`: sequences joined along their tokens, `torch.cat(dim=1)` of
/// `B×N×D` tensors. The oracle case `cat-tokens` (TransformerOracleTests) holds its counts to
/// the tools; these hold its shape rule, its errors and its printing.
@Suite("concat along tokens")
struct ConcatTokensTests {
    static let source = """
        input 10x16
        concat tokens {
          linear 16
        } {
          linear 16
          relu
        }
        layernorm
        """

    /// Two 10-token branches make 20 tokens of width 16; each linear has 16·16 + 16 parameters.
    @Test func tokensAddUpAndWidthsStay() throws {
        let analysis = try Repository.analyze(Self.source)
        #expect(analysis.output == .tokens([20, 16]))
        #expect(analysis.totals.params == 2 * (16 * 16 + 16) + 2 * 16)
        #expect(analysis.totals.macs == 2 * 10 * 16 * 16)
    }

    @Test func printsAndReadsBack() throws {
        let network = try ArchReader.read(Self.source, defaultName: "joined")
        let printed = try ArchPrinter().print(network)
        #expect(printed.contains("concat tokens {"))
        let reread = try ArchReader.read(printed, defaultName: "joined")
        #expect(try Analysis(reread).totals == (try Analysis(network)).totals)
        #expect(try Analysis(reread).output == .tokens([20, 16]))
    }

    @Test(arguments: [
        ("input 10x16\nconcat tokens { linear 16 } { linear 8 }\n",
         "2:1: error: 'concat tokens' needs tokens of width 16, as the first input has, but gets 10x8"),
        ("input 3x8x8\nconcat tokens { conv 3 k=1 }\n", "2:1: error: 'concat tokens' needs N×D tokens, but gets 3x8x8"),
        ("input 10x16\nconcat token { linear 16 }\n", "2:8: error: expected '{' or 'tokens' after 'concat'"),
    ])
    func mistakesAreLocated(_ source: String, _ message: String) {
        let error = #expect(throws: (any Error).self) { try Repository.analyze(source) }
        #expect(error.map { "\($0)".contains(message) } == true, "\(String(describing: error))")
    }
}
