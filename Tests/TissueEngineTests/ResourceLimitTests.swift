import Testing
@testable import TissueArch
import TissueDiagnostics
import TissueIR
import TissueNumerics
import TissueTransforms

/// Inputs that once cost a crash, quadratic time or memory out of proportion (issue 16's table),
/// each held to a count of work or a limit rather than to a timing.
@Suite("Resource limits")
struct ResourceLimitTests {
    /// Row 1: a digit of another script (Ethiopic ፺, circled ㉒, the CJK numeral 京) is not a digit.
    @Test("quantities take ASCII digits only", arguments: ["1.፺㉒337203685476580京", "㉒", "1.5京", "٣M", "9223372036854775808"])
    func quantities(_ text: String) {
        #expect(Quantity.parse(text) == nil)
    }

    @Test func quantitiesAreExact() {
        #expect(Quantity.parse("11.2M") == 11_200_000)
        #expect(Quantity.parse("1.01k") == 1010)
        #expect(Quantity.parse("9.999999999999999999999T") == 9_999_999_999_999)
        #expect(Quantity.parse("9223372036854775807") == Int.max)
    }

    /// Row 6: the 256-operator limit is per expression, not per body.
    @Test func aLongBodyOfShortExpressionsReads() throws {
        let body = Array(repeating: "  linear w*2", count: 257).joined(separator: "\n")
        let source = "block b(w) {\n\(body)\n}\ninput 4\nb(1)\n"
        let analysis = try analyzeArch(source)
        #expect(analysis.layers.count == 257)
        #expect(analysis.output == .vector(2))
    }

    /// Row 7: 20,000 blocks each called once cost one definition lookup per call.
    @Test func definitionsAreFoundInConstantTime() throws {
        let count = 20_000
        var lines = (0..<count).map { "block b\($0)(w) { linear w }" }
        lines.append("input 8")
        lines += (0..<count).map { "b\($0)(8)" }
        let file = try ArchReader.parse(lines.joined(separator: "\n"))
        let (network, statements, examined) = try Expander.expandMeasured(file)
        #expect(network.graph.nodes.count == count + 1)
        #expect(examined == count, "one definition examined per call")
        #expect(statements == 2 * count, "a call and its layer per block")
    }

    /// Row 8: a file of millions of statements stops at the statement limit while parsing,
    /// before its tree could take memory in proportion; a file over the size limit stops before
    /// it is read into tokens.
    @Test func hugeFilesStopEarly() {
        let relu = String(repeating: "relu\n", count: 2_500_000)  // 12.5 MB
        let source = "input 8\n" + relu
        // A lower statement limit than the default keeps the debug-build test quick; the rule is the same.
        #expect(throws: Diagnostic(.tooManyStatements(20_000), at: SourceLocation(line: 20_002, column: 1, length: 4))) {
            try ArchReader.read(source, limits: ExpansionLimits(statements: 20_000))
        }
        let limits = ExpansionLimits(inputBytes: 1 << 20)
        #expect(throws: Diagnostic(.inputTooLarge(bytes: source.utf8.count, limit: 1 << 20), at: nil)) {
            try ArchReader.read(source, limits: limits)
        }
    }

    /// Row 9: "did you mean" among 5,000 long names does a bounded amount of work.
    @Test func suggestionsAreBounded() {
        let names = (0..<5000).map { index in String(repeating: "a", count: 246) + String(format4(index)) }
        let (_, work) = Suggestion.search(String(repeating: "a", count: 246) + "zzzz", among: names)
        #expect(work <= Suggestion.workLimit)
        // Length alone rules most candidates out before any distance is computed.
        #expect(Suggestion.search("conv", among: names).work == 0)
    }

    /// Row 11: Eq. 5–8 on a size whose areas overflow is an error, not a trap.
    @Test func equationsReportOverflow() {
        let equations = StackEquations(items: [.init(count: 4, c1: 4, c2: 8, c3: 4)], kernel: 3,
                                       height: Int.max, width: Int.max)
        #expect(throws: Checked.Overflow.self) { try equations.evaluate() }
    }

    func format4(_ n: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
