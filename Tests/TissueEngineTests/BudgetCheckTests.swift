import Testing
import TissueArch
@testable import TissueBudgets
import TissueDiagnostics
import TissueIR
import TissueNumerics
@testable import TissueReports

/// Budget arithmetic against closed forms. A `linear` layer from `i` to `o` features has
/// `i·o + o` parameters and `i·o` MACs; under `standard` its FLOPs are `2·i·o + o` (a multiply
/// and an add per MAC, one add per output for the bias; docs/conventions.md).
@Suite("budget check")
struct BudgetCheckTests {
    static func model(_ source: String, accuracy: Double? = nil) throws -> BudgetCheck.Model {
        BudgetCheck.Model(analysis: try Repository.analyze(source), accuracy: accuracy)
    }

    static func budgets(_ source: String) throws -> [BudgetLimit] {
        try ArchReader.read(source).metadata.budgets
    }

    /// 100 → 10: 1010 params, 1000 MACs, 2010 FLOPs, 10 activations.
    static let small = "input 100\nlinear 10\n"

    @Test("a ceiling holds exactly up to its limit", arguments: [
        ("params", 1010, true, 0), ("params", 1009, false, -1), ("macs", 2000, true, 1000),
        ("flops", 2010, true, 0), ("flops", 2000, false, -10), ("activations", 10, true, 0),
    ])
    func ceiling(_ metric: String, _ limit: Int, _ holds: Bool, _ margin: Int) throws {
        let source = "input 100\nbudget \(metric) <= \(limit)\nlinear 10\n"
        let results = try BudgetCheck(model: Self.model(source), fileBudgets: Self.budgets(source)).evaluate()
        #expect(results.count == 1)
        #expect(results[0].passed == holds)
        #expect(results[0].margin == .count(margin))
        #expect(results[0].budget.source == .file(SourceLocation(line: 2, column: 1, length: 6)))
        let percent = try #require(results[0].marginPercent)
        #expect(abs(percent - Double(margin) / Double(limit) * 100) < 1e-9)
    }

    @Test func decimalLimitWithSuffixIsExact() throws {
        // 1.01k = 1010: the parameters fit with no margin at all.
        let source = "input 100\nbudget params <= 1.01k\nlinear 10\n"
        let result = try BudgetCheck(model: Self.model(source), fileBudgets: Self.budgets(source)).evaluate()[0]
        #expect(result.passed)
        #expect(result.margin == .count(0))
        #expect(result.budget.written == "1.01k")
    }

    @Test func anOptionReplacesEveryFileBudgetOfItsMetricAndNamesThem() throws {
        let source = "input 100\nbudget params <= 1k\nbudget macs <= 5k\nbudget params <= 900\nlinear 10\n"
        let option = BudgetLimit(metric: .params, limit: .count(2000), written: "2k", source: .option("--max-params", overrides: []))
        let check = BudgetCheck(model: try Self.model(source), fileBudgets: try Self.budgets(source), optionLimits: [option])
        let results = try check.evaluate()
        #expect(results.map(\.metric) == [.params, .macs])
        #expect(results[0].budget.source == .option("--max-params", overrides: [
            SourceLocation(line: 2, column: 1, length: 6), SourceLocation(line: 4, column: 1, length: 6),
        ]))
        #expect(results[0].margin == .count(990))
        #expect(results.allSatisfy { $0.passed })
    }

    @Test func resultsComeInMetricOrder() throws {
        let source = "input 100\nbudget activations <= 1k\nbudget params <= 1M\nbudget flops <= 1M\nlinear 10\n"
        let results = try BudgetCheck(model: Self.model(source), fileBudgets: Self.budgets(source)).evaluate()
        #expect(results.map(\.metric) == [.params, .flops, .activations])
    }

    @Test("weight bytes are ⌈params × bits / 8⌉", arguments: [1, 4, 8, 16, 32, 64])
    func weightBytes(_ bits: Int) throws {
        let limit = BudgetLimit(metric: .weightBytes, limit: .count(4040), written: "4040", source: .option("--max-weight-bytes", overrides: []))
        let check = BudgetCheck(model: try Self.model(Self.small), fileBudgets: [], optionLimits: [limit],
                                precision: try #require(Precision(bits: bits)))
        let result = try check.evaluate()[0]
        let bytes = (1010 * bits + 7) / 8
        #expect(result.measured == .count(bytes))
        #expect(result.passed == (bytes <= 4040))
    }

    /// A file's own `budget activation-bytes` and `budget ce >= 2` with its baseline: 100 → 10 is
    /// 10 times smaller in FLOPs than 100 → 100, at the same accuracy.
    @Test func fileBudgetsForBytesAndScores() throws {
        let source = "input 100\nbudget activation-bytes <= 440\nbudget ce >= 9.9\nbudget se >= 11\nlinear 10\n"
        let network = try ArchReader.read(source)
        let memory = try MemoryEstimate(network)
        // the input (100 floats) and the output (10) are alive together.
        #expect(memory.peakActivationBytes == 4 * 110)
        let model = BudgetCheck.Model(analysis: try Analysis(network), accuracy: 90, memory: memory)
        let baseline = BudgetCheck.Model(analysis: try Repository.analyze("input 100\nlinear 100\n"), accuracy: 90)
        let results = try BudgetCheck(model: model, fileBudgets: network.metadata.budgets, baseline: baseline).evaluate()
        #expect(results.map(\.metric) == [.activationBytes, .ce, .se])
        #expect(results[0].passed && results[0].margin == .count(0))
        // CE = (90/2010) / (90/20100) = 10; SE = (90/1010) / (90/10100) = 10.
        #expect(results[1].passed && abs(results[1].measured.doubleValue - 10) < 1e-12)
        #expect(!results[2].passed)
    }

    @Test func nothingToCheckIsAFailure() throws {
        #expect(throws: BudgetCheck.Failure(.noBudgets)) {
            try BudgetCheck(model: Self.model(Self.small), fileBudgets: []).evaluate()
        }
    }

    /// Baseline 100 → 50 → 10 at 80%; candidate 100 → 20 → 10 at 76%.
    static let baseline = "input 100\nlinear 50\nlinear 10\n"
    static let candidate = "input 100\nlinear 20\nlinear 10\n"

    @Test func efficiencyScoresMatchThePaperFormulas() throws {
        // Closed forms: params 100·50+50 + 50·10+10 = 5560 and 100·20+20 + 20·10+10 = 2230;
        // FLOPs (2·5000+50) + (2·500+10) = 11060 and (2·2000+20) + (2·200+10) = 4430.
        let ce = (76.0 / 4430) / (80.0 / 11060), se = (76.0 / 2230) / (80.0 / 5560)
        let limits = [
            BudgetLimit(metric: .ce, limit: .score(2), written: "2", source: .option("--min-ce", overrides: [])),
            BudgetLimit(metric: .se, limit: .score(2.5), written: "2.5", source: .option("--min-se", overrides: [])),
        ]
        let check = BudgetCheck(model: try Self.model(Self.candidate, accuracy: 76), fileBudgets: [], optionLimits: limits,
                                baseline: try Self.model(Self.baseline, accuracy: 80))
        let results = try check.evaluate()
        #expect(results.map(\.metric) == [.ce, .se])
        let measuredCE = results[0].measured.doubleValue, measuredSE = results[1].measured.doubleValue
        #expect(abs(measuredCE - ce) < 1e-12 * ce)
        #expect(abs(measuredSE - se) < 1e-12 * se)
        // CE ≈ 2.372 clears 2; SE ≈ 2.369 falls short of 2.5: a floor's margin is measured − limit.
        #expect(results[0].passed)
        #expect(!results[1].passed)
        #expect(abs(results[1].margin.doubleValue - (se - 2.5)) < 1e-12)
    }

    @Test func aModelAgainstItselfScoresExactlyOne() throws {
        let limit = BudgetLimit(metric: .ce, limit: .score(1), written: "1", source: .option("--min-ce", overrides: []))
        let model = try Self.model(Self.baseline, accuracy: 80)
        let result = try BudgetCheck(model: model, fileBudgets: [], optionLimits: [limit], baseline: model).evaluate()[0]
        #expect(result.measured == .score(1))
        #expect(result.passed)
    }

    @Test func aMissingAccuracySaysWhoseFileLacksIt() throws {
        let limit = BudgetLimit(metric: .se, limit: .score(1), written: "1", source: .option("--min-se", overrides: []))
        let withAccuracy = try Self.model(Self.baseline, accuracy: 80), without = try Self.model(Self.candidate)
        #expect(throws: BudgetCheck.Failure(.missingAccuracy("SE"), inBaseline: false)) {
            try BudgetCheck(model: without, fileBudgets: [], optionLimits: [limit], baseline: withAccuracy).evaluate()
        }
        #expect(throws: BudgetCheck.Failure(.missingAccuracy("SE"), inBaseline: true)) {
            try BudgetCheck(model: withAccuracy, fileBudgets: [], optionLimits: [limit], baseline: without).evaluate()
        }
        #expect(throws: BudgetCheck.Failure(.scoreNeedsBaseline("SE"))) {
            try BudgetCheck(model: withAccuracy, fileBudgets: [], optionLimits: [limit]).evaluate()
        }
    }

    @Test func aZeroCostMakesTheScoreUndefinedRatherThanInfinite() throws {
        // A network with no layer after its input has 0 FLOPs and 0 parameters.
        let empty = try Self.model("input 10\nflatten\n", accuracy: 50)
        let limit = BudgetLimit(metric: .ce, limit: .score(1), written: "1", source: .option("--min-ce", overrides: []))
        let check = BudgetCheck(model: empty, fileBudgets: [], optionLimits: [limit], baseline: try Self.model(Self.baseline, accuracy: 80))
        #expect(throws: BudgetCheck.Failure.self) { try check.evaluate() }
    }
}
