import Testing
import TissueMetrics

/// The registry files themselves: every row of the paper's Tables 2–5 is there, parsed, with
/// one baseline per group. (That the printed CE and SE follow from the printed numbers is
/// checked end to end, through `tissue table`, in TissueCLITests/PaperTablesTests.)
@Suite("Registry of published results")
struct RegistryTests {
    static func rows(_ table: Int) throws -> [PublishedResult] {
        let name = "lan2022-table\(table)"
        return try ResultsFile.parse(try Repository.text("Sources/TissueCLI/Registry/\(name).csv"), source: name)
    }

    @Test("row counts as printed in the paper", arguments: [(2, 16), (3, 16), (4, 10), (5, 6)])
    func rowCounts(_ table: Int, _ count: Int) throws {
        #expect(try Self.rows(table).count == count)
    }

    @Test func everyMethodOfTheTablesIsThere() throws {
        let all = try (2...5).flatMap { try Self.rows($0) }
        let methods = Set(all.map(\.method))
        for method in ["VP", "NCP", "DMCP", "DCP", "DI-unif", "PFEC", "CHIP", "TAS", "FPGM", "WM", "Taylor-FO", "NISP", "Baseline"] {
            #expect(methods.contains(method), "\(method)")
        }
        #expect(all.filter { $0.method.hasPrefix("TissueNet") }.count == 12)
        #expect(all.allSatisfy { $0.citation != nil })
        #expect(all.filter { $0.role == .published }.allSatisfy { $0.reference != nil })
    }

    @Test("one baseline per group, with all its numbers", arguments: [2, 3, 4])
    func baselines(_ table: Int) throws {
        let rows = try Self.rows(table)
        var models: [String] = []
        for row in rows where !models.contains(row.model) { models.append(row.model) }
        for model in models {
            let baselines = rows.filter { $0.model == model && $0.role == .baseline }
            #expect(baselines.count == 1, "\(model)")
            let figures = try #require(baselines.first?.figures)
            #expect(figures.accuracy != nil && figures.flops != nil && figures.params != nil)
            #expect(baselines.first?.reportedCE?.printed == "1" && baselines.first?.reportedSE?.printed == "1")
        }
    }

    @Test func printedTextIsKeptExactly() throws {
        let pfec = try #require(try Self.rows(3).first { $0.method == "PFEC" })
        #expect(pfec.figures.params?.printed == "5.4")
        #expect(pfec.figures.flops?.unit == .hundredMillion)
        let imagenet = try #require(try Self.rows(4).first { $0.model == "ResNet-34" && $0.role == .baseline })
        #expect(imagenet.figures.flops?.printed == "113.82")
        #expect(imagenet.figures.flops?.unit == .giga)
        #expect(imagenet.section == "(b) ImageNet")
        let unit = try #require(try Self.rows(5).first)
        #expect(unit.figures.params?.unit == .kilo && unit.figures.flops?.unit == .mega)
    }
}
