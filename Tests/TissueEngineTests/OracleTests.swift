import Testing
import TissueArch
import TissueBudgets
import TissueIR

/// Compares the engine with what the real tools printed (Tests/Fixtures/oracle/, made by
/// oracle.py with PyTorch, thop, fvcore and ptflops). Parameters, shapes and each tool's MACs
/// must agree exactly.
@Suite("Oracle: PyTorch, thop, fvcore, ptflops")
struct OracleTests {
    static let models = (try? OracleModels.load().models) ?? []
    static let ops = (try? OracleOps.load().ops) ?? []

    @Test func fixturesAreCommitted() {
        #expect(Self.models.count >= 17)
        #expect(Self.ops.count >= 30)
    }

    /// The layers PyTorch hooks see (conv, linear, bn), as a sorted multiset of keys.

    @Test("model: params, shapes and layers", arguments: models)
    func modelStructure(_ model: OracleModels.Model) throws {
        let analysis = try Repository.analyze(try Repository.text(model.arch), name: model.arch)
        #expect(analysis.input.dimensions == model.input)
        #expect(analysis.output.dimensions == model.output)
        #expect(analysis.totals.params == model.params)
        #expect(OracleModels.layerKeys(analysis.layers) == model.layers.map(\.key).sorted())
        #expect(analysis.totals.macs == model.conv_linear_macs, "standard MACs are conv+linear MACs")
    }

    /// Exact against the model itself (the torchvision model, or the hand-built equivalent),
    /// including the operations torchvision calls as functions, which the `.arch` marks `fn`.
    @Test("model: each tool's MACs", arguments: models)
    func modelConventions(_ model: OracleModels.Model) throws {
        let source = try Repository.text(model.arch)
        let expected: [(Convention, Int?)] = [(.thop, model.thop_macs), (.fvcore, model.fvcore_flops), (.ptflops, model.ptflops_macs)]
        for (convention, value) in expected {
            guard let value else { continue }
            let analysis = try Repository.analyze(source, name: model.arch, convention: convention)
            #expect(analysis.totals.macs == value, "\(convention.rawValue) MACs")
            #expect(analysis.totals.flops == 2 * value, "\(convention.rawValue) FLOPs are 2·MACs")
        }
    }

    @Test("single operation", arguments: ops)
    func operation(_ op: OracleOps.Case) throws {
        let standard = try Repository.analyze(op.arch, name: op.name)
        #expect(standard.output.dimensions == op.output)
        #expect(standard.totals.params == op.params)
        if let macs = op.conv_linear_macs { #expect(standard.totals.macs == macs) }
        let expected: [(Convention, Int?)] = [(.thop, op.thop_macs), (.fvcore, op.fvcore_flops), (.ptflops, op.ptflops_macs)]
        for (convention, value) in expected {
            guard let value else { continue }
            let analysis = try Repository.analyze(op.arch, name: op.name, convention: convention)
            #expect(analysis.totals.macs == value, "\(convention.rawValue)")
        }
    }
}
