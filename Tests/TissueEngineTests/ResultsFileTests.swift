import Foundation
import Testing
import TissueBudgets
import TissueDiagnostics
import TissueIR
import TissueMetrics
import TissueReports
import TissueTransforms

/// Results files in tissue's layout and in ShrinkBench's, read from small files written here,
/// plus one read of the real ShrinkBench file when it is present beside the repository.
@Suite("Results files")
struct ResultsFileTests {
    static let header = "model,dataset,method,ref,role,acc,flops,flops_unit,params,params_unit,ce,se"

    @Test func tissueLayoutKeepsNumbersAsPrinted() throws {
        let rows = try ResultsFile.parse(Self.header + "\nVGG-16,CIFAR-10,PFEC,30,published,93.40,5.13,1e8,5.4,M,1.52,2.77\n"
            + "VGG-16,CIFAR-10,NCP,20,,93.28,-,1e8,,M,2.27,6.25\n", source: "mine")
        #expect(rows.count == 2)
        #expect(rows[0].label == "PFEC [30]")
        #expect(rows[0].source == "mine")
        #expect(rows[0].figures.params?.printed == "5.4")
        #expect(rows[0].figures.params?.value == 5_400_000)
        #expect(rows[0].figures.flops?.value == 513_000_000)
        #expect(rows[1].role == .published)
        #expect(rows[1].figures.flops == nil && rows[1].figures.params == nil)
        #expect(rows[1].reportedCE?.printed == "2.27")
    }

    @Test("located errors", arguments: [
        ("model,method,parmas\nx,y,1\n", DiagnosticKind.unknownResultsColumn("parmas", suggestion: "params", accepted: ResultsFile.Column.allCases.map(\.rawValue)), 1, 14),
        ("model,acc\nx,1\n", .missingResultsColumn("method"), 1, 1),
        ("model,method,acc\nx,y,7,5\n", .invalidResultsNumber("7,5", column: "acc"), 2, 5),
        ("model,method,acc\nx,y,\"7,5\"\n", .invalidResultsNumber("7,5", column: "acc"), 2, 5),
        ("model,method,acc\nx,y,-3\n", .invalidResultsNumber("-3", column: "acc"), 2, 5),
        ("model,method,acc\nx,y,130\n", .accuracyOutOfRange("130"), 2, 5),
        ("model,method,flops,flops_unit\nx,y,1,GB\n", .unknownUnit("GB", accepted: CountUnit.accepted), 2, 7),
        ("model,method,role\nx,y,basline\n", .unknownRole("basline", suggestion: "baseline", accepted: ["baseline", "candidate", "published"]), 2, 5),
    ])
    func errors(_ text: String, _ kind: DiagnosticKind, _ line: Int, _ column: Int) {
        do {
            _ = try ResultsFile.parse(text, source: "t")
            Issue.record("expected an error")
        } catch {
            // "7,5" unquoted splits into two fields: the first is the bad number, or the row is too long.
            if case .extraResultsFields = error.kind { return }
            #expect(error.kind == kind)
            #expect(error.location?.line == line)
            #expect(error.location?.column == column)
        }
    }

    // ShrinkBench's layout: one row per pruned model with its original beside it.
    static let shrinkHeader = "Name,Paper,Dataset,Model,Method,Notes,Top1,dTop1,Err1,MParams,savedParams,keptParams,"
        + "GFLOPS,savedFLOPS,keptFLOPS,OrigTop1,OrigMParams,OrigGFLOPS,old/new Nparam,old/new FLOPS,OrigErr1"

    @Test func shrinkBenchRowsGiveScoresFromPercentagesAndRatios() throws {
        let text = Self.shrinkHeader + "\n"
            // Absolute counts: CE = (75/76)·(4/2) = 1.9737, SE = (75/76)·(25/20) = 1.2336.
            + "1,paper-a,ImageNet,ResNet-50,m1,,75.00%,,,20,,,2,,,76.00%,25,4,,,\n"
            // Only percentages: kept FLOPs 25%, saved params 60% → kept 40%; accuracy from Err1 and dTop1.
            + "2,paper-b,CIFAR-10,VGG-16,,\"note, quoted\",,-0.500%,7.00%,,60.00%,,,,25.00%,,,,,,\n"
            // Ratios old/new: 2 for params, 4 for FLOPs; baseline accuracy from OrigErr1.
            + "3,paper-c,CIFAR-10,ResNet-56,,,93.00%,,,,,,,,,,,,2.00,4.00,6.00%\n"
            // A zero ratio: no division by zero, just no score.
            + "4,paper-d,CIFAR-10,ResNet-56,,,93.00%,,,,,,,,,94.00%,,,0,,\n"
        let rows = try ResultsFile.parse(text, source: "grid")
        #expect(rows.count == 4)
        #expect(rows.map(\.method) == ["paper-a m1", "paper-b", "paper-c", "paper-d"])
        func scores(_ row: PublishedResult) -> (Derived, Derived) {
            let c = Comparison(baseline: row.ownBaseline ?? Figures(), candidate: row.figures, statedFraction: row.statedFraction)
            return (c.computationEfficiency, c.storageEfficiency)
        }
        let (ce1, se1) = scores(rows[0])
        #expect(abs((ce1.value ?? 0) - 75.0 / 76.0 * 2) < 1e-12)
        #expect(abs((se1.value ?? 0) - 75.0 / 76.0 * 1.25) < 1e-12)
        #expect(rows[0].figures.params?.value == 20_000_000)
        // Candidate 93.00 (100 − 7), baseline 93.50 (93.00 − (−0.5)).
        #expect(rows[1].figures.accuracy?.value == 93)
        #expect(rows[1].ownBaseline?.accuracy?.value == 93.5)
        let (ce2, se2) = scores(rows[1])
        #expect(abs((ce2.value ?? 0) - 93.0 / 93.5 / 0.25) < 1e-12)
        #expect(abs((se2.value ?? 0) - 93.0 / 93.5 / 0.4) < 1e-12)
        let (ce3, se3) = scores(rows[2])
        #expect(abs((ce3.value ?? 0) - 93.0 / 94.0 * 4) < 1e-12)
        #expect(abs((se3.value ?? 0) - 93.0 / 94.0 * 2) < 1e-12)
        let (ce4, se4) = scores(rows[3])
        #expect(ce4.reason == .unknown([Operand(.baseline, .flops), Operand(.candidate, .flops)]))
        #expect(se4.value == nil)
    }

    @Test func shrinkBenchBadPercentageIsLocated() {
        let text = Self.shrinkHeader + "\n1,p,D,M,,,seventy,,,,,,,,,,,,,,\n"
        #expect(throws: Diagnostic(.invalidResultsNumber("seventy", column: "Top1"), at: SourceLocation(line: 2, column: 11))) {
            try ResultsFile.parse(text, source: "grid")
        }
    }

    /// The real file of the ShrinkBench project, read in place (never copied into the repository).
    static let sharedFile = Repository.url("../shared/data/shrinkbench/Results-Grid view.csv")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedFile.path)))
    func readsTheShrinkBenchFileInPlace() throws {
        let text = try String(contentsOf: Self.sharedFile, encoding: .utf8)
        let rows = try ResultsFile.parse(text, source: "Results-Grid view")
        #expect(rows.count == 551)
        var computable = 0
        for row in rows {
            let c = Comparison(baseline: row.ownBaseline ?? Figures(), candidate: row.figures, statedFraction: row.statedFraction)
            for score in [c.computationEfficiency, c.storageEfficiency] {
                if let v = score.value {
                    #expect(v.isFinite && v > 0, "\(row.method) \(row.model)")
                    computable += 1
                }
            }
        }
        #expect(computable > 50)
        // amc-automl-han, ResNet-50 on CIFAR-10: Top1 93.55%, OrigTop1 93.53%, savedParams 60%
        // → SE = (93.55/93.53)/0.4 = 2.50053.
        let amc = try #require(rows.first { $0.model == "ResNet-50" && $0.method == "amc-automl-han" && $0.dataset == "CIFAR-10" })
        let se = Comparison(baseline: amc.ownBaseline ?? Figures(), candidate: amc.figures, statedFraction: amc.statedFraction)
            .storageEfficiency
        #expect(abs((se.value ?? 0) - 93.55 / 93.53 / 0.4) < 1e-9)
    }
}
