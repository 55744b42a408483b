import Testing
import TissueDiagnostics
import TissueIR
import TissueMetrics
import TissueNumerics
import TissueReports

/// The table-spec format: what parses, and where each mistake is reported.
@Suite("Table specs")
struct TableSpecTests {
    @Test func parsesEveryStatement() throws {
        let spec = try TableSpec.parse("""
            # a comment
            title "Table 2: CIFAR-100"   # trailing comment
            columns model method acc flops params ce se acc-for-ce
            units flops=1e8 params=M
            decimals 3
            scores reported
            target "NCP [20]"
            convention thop
            results extra.csv
            section (a) Tiny-ImageNet
            group VGG-16
            published lan2022-table2 model=VGG-16 method="VP"
            baseline ../zoo/vgg16.arch acc=73.55 label="Base \\"line\\""
            candidate net.arch
            """)
        #expect(spec.title == "Table 2: CIFAR-100")
        #expect(spec.columns == [.model, .method, .acc, .flops, .params, .ce, .se, .accForCE])
        #expect(spec.flopsUnit == .hundredMillion && spec.paramsUnit == .mega)
        #expect(spec.decimals == 3 && spec.scores == .reported && spec.convention == .thop)
        #expect(spec.target?.value == .row("NCP [20]"))
        #expect(spec.results.map(\.value) == ["extra.csv"])
        #expect(spec.entries.count == 5)
        #expect(spec.entries[0] == .section("(a) Tiny-ImageNet"))
        guard case .published(let selector) = spec.entries[2], case .model(let base) = spec.entries[3] else {
            Issue.record("wrong entries")
            return
        }
        #expect(selector.source.value == "lan2022-table2")
        #expect(selector.filters.map(\.value) == ["VGG-16", "VP"])
        #expect(base.accuracy?.text == "73.55" && base.label == "Base \"line\"" && base.role == .baseline)
        #expect(spec.modelPaths.map(\.value) == ["../zoo/vgg16.arch", "net.arch"])
    }

    @Test("mistakes are located", arguments: [
        ("titel \"x\"", DiagnosticKind.unknownSpecStatement("titel", suggestion: "title"), 1, 1),
        ("columns model methd", .unknownColumn("methd", suggestion: "method", accepted: ComparisonColumn.allCases.map(\.rawValue)), 1, 15),
        ("units flops=GB", .unknownUnit("GB", accepted: CountUnit.accepted), 1, 13),
        ("units flop=G", .unknownAttribute("flop", operation: "units", suggestion: "flops", accepted: ["flops", "params"]), 1, 7),
        ("title a\ntitle b", .duplicateStatement("title"), 2, 1),
        ("title \"open", .unterminatedString, 1, 7),
        ("decimals 9", .expected("a number of decimals from 0 to 6", found: "'9'"), 1, 10),
        ("group", .expected("a group title, as in 'group VGG-16'", found: "end of line"), 1, 6),
        ("published a b", .expected("end of line after 'a'", found: "'b'"), 1, 13),
        ("published t modle=x", .unknownAttribute("modle", operation: "published",
                                                  suggestion: "model", accepted: ["model", "method", "dataset", "role", "section"]), 1, 13),
        ("\n  candidate n.arch acc=101", .accuracyOutOfRange("101"), 2, 24),
        ("convention thp", .expected("a convention (standard, thop, fvcore, ptflops, torchinfo)", found: "'thp'"), 1, 12),
    ])
    func located(_ source: String, _ kind: DiagnosticKind, _ line: Int, _ column: Int) {
        do {
            _ = try TableSpec.parse(source)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == kind)
            #expect(error.location?.line == line)
            #expect(error.location?.column == column)
        }
    }

    static let results = [
        PublishedResult(source: "lan2022-table2", model: "VGG-16", method: "Baseline", role: .baseline),
        PublishedResult(source: "lan2022-table2", model: "VGG-16", method: "VP", reference: "53"),
        PublishedResult(source: "lan2022-table2", model: "ResNet-18", method: "TAS", reference: "8"),
    ]

    @Test func buildGroupsRowsByModelWithoutGroupStatements() throws {
        let table = try TableSpec.parse("published lan2022-table2").build(results: Self.results, models: [:])
        #expect(table.sections.count == 1)
        #expect(table.sections[0].groups.map(\.title) == ["VGG-16", "ResNet-18"])
        #expect(table.sections[0].groups[0].rows.map(\.label) == ["Baseline", "VP [53]"])
    }

    @Test("build errors are located", arguments: [
        ("published lan2022-tabel2", DiagnosticKind.unknownResultsSource("lan2022-tabel2", suggestion: "lan2022-table2"), 1, 11),
        ("published lan2022-table2 model=VGG-61", .noMatchingResults(source: "lan2022-table2", filter: "model='VGG-61'",
                                                                     suggestion: "VGG-16"), 1, 1),
        ("published lan2022-table2\ntarget \"VP [35]\"", .unknownTarget("VP [35]", suggestion: "VP [53]"), 2, 8),
    ])
    func buildErrors(_ source: String, _ kind: DiagnosticKind, _ line: Int, _ column: Int) throws {
        let spec = try TableSpec.parse(source)
        do {
            _ = try spec.build(results: Self.results, models: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == kind)
            #expect(error.location?.line == line && error.location?.column == column)
        }
    }

    @Test func aSpecWithoutRowsIsAnError() throws {
        #expect(throws: Diagnostic(.emptyTable, at: nil)) {
            try TableSpec.parse("title x").build(results: [], models: [:])
        }
    }
}

/// Mangled specs and results files end in an error or a table, never in a crash.
@Suite("Table specs and results files: mangled input")
struct MangledInputTests {
    static let spec = """
        title "T"
        columns model method acc flops params ce se speed-up acc-for-ce
        units flops=1e8 params=M
        published mine model=VGG-16
        target "VP [53]"
        """
    static let csv = """
        model,method,ref,role,acc,flops,flops_unit,params,params_unit,ce,se
        VGG-16,Baseline,,baseline,93.25,7.80,1e8,14.91,M,1,1
        VGG-16,VP,53,published,93.18,4.75,1e8,3.97,M,1.64,3.75
        VGG-16,"Zero, quoted",,candidate,0,0,1e8,0,M,-,-
        """

    /// Deletes, duplicates and replaces characters at random, 300 times per text.
    @Test func mangledTextNeverCrashes() {
        var random = SplitMix64(seed: 42)
        let alphabet = Array("\"=,#\n\r-.0123456789eE%x \\ü×")
        for round in 0..<300 {
            var spec = Array(Self.spec), csv = Array(Self.csv)
            for _ in 0..<(1 + round % 6) {
                for text in [0, 1] {
                    var chars = text == 0 ? spec : csv
                    guard !chars.isEmpty else { continue }
                    let i = Int.random(in: 0..<chars.count, using: &random)
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: chars.remove(at: i)
                    case 1: chars.insert(chars[i], at: i)
                    default: chars[i] = alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
                    }
                    if text == 0 { spec = chars } else { csv = chars }
                }
            }
            do {
                let results = try ResultsFile.parse(String(csv), source: "mine")
                let table = try TableSpec.parse(String(spec)).build(results: results, models: [:])
                _ = table.text() + table.csv() + table.latex() + table.json().rendered()
                _ = table.accuracyChart(.flops).svg() + table.scoreChart().svg()
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
    }
}
