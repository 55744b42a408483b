import Foundation
import Testing
import TissueArch
import TissueDiagnostics
import TissueIR
import TissueNumerics

/// The `torchinfo` convention and ``MemoryEstimate`` against what torchinfo 1.8 reported
/// (`Tests/Fixtures/oracle/torchinfo.json`, made by `torchinfo_oracle.py`): the five integer
/// fields of `ModelStatistics` must be equal on every model and every single operation.
@Suite("Oracle: torchinfo")
struct TorchinfoOracleTests {
    struct Fixture: Decodable {
        var tools: Tools
        var models: [Entry]
        var ops: [Entry]
    }

    struct Tools: Decodable {
        var torchinfo: String
        var storage_overhead_bytes: Int
    }

    struct Entry: Decodable, CustomStringConvertible {
        var name: String
        var arch: String
        var input: [Int]
        var total_params: Int
        var total_mult_adds: Int
        var total_input: Int
        var total_output_bytes: Int
        var total_param_bytes: Int
        var description: String { name }
    }

    static let fixture = try? JSONDecoder().decode(
        Fixture.self, from: Data(contentsOf: Repository.url("Tests/Fixtures/oracle/torchinfo.json")))
    static let models = fixture?.models ?? []
    static let ops = fixture?.ops ?? []

    @Test func fixtureIsCommittedForTorchinfo18() throws {
        let fixture = try #require(Self.fixture)
        #expect(fixture.tools.torchinfo == "1.8.0")
        #expect(fixture.tools.storage_overhead_bytes == MemoryEstimate.Torchinfo.storageObjectBytes)
        #expect(Self.models.count == 19)
        #expect(Self.ops.count == 35)
    }

    /// The five integers of `ModelStatistics`, as tissue computes them.
    static func fields(_ source: String, name: String) throws -> [String: Int] {
        let network: Network
        do { network = try ArchReader.read(source, defaultName: name) } catch {
            throw Repository.RenderedError(text: DiagnosticRenderer(fileName: name, source: source).render(error))
        }
        let analysis = try Analysis(network, convention: .torchinfo)
        let memory = try MemoryEstimate(network, precision: .float32)
        return ["total_params": analysis.totals.params, "total_mult_adds": analysis.totals.macs,
                "total_input": memory.torchinfo.totalInput, "total_output_bytes": memory.torchinfo.totalOutputBytes,
                "total_param_bytes": memory.torchinfo.totalParamBytes]
    }

    static func expected(_ entry: Entry) -> [String: Int] {
        ["total_params": entry.total_params, "total_mult_adds": entry.total_mult_adds, "total_input": entry.total_input,
         "total_output_bytes": entry.total_output_bytes, "total_param_bytes": entry.total_param_bytes]
    }

    @Test("every model: the five integer fields of ModelStatistics", arguments: models)
    func model(_ entry: Entry) throws {
        #expect(try Self.fields(try Repository.text(entry.arch), name: entry.arch) == Self.expected(entry))
    }

    @Test("every single operation: the five integer fields", arguments: ops)
    func operation(_ entry: Entry) throws {
        #expect(try Self.fields(entry.arch, name: entry.name) == Self.expected(entry))
    }

    @Test func torchinfoFLOPsAreTwiceItsMultAdds() throws {
        let analysis = try Repository.analyze(try Repository.text("Examples/zoo/lenet5.arch"), convention: .torchinfo)
        #expect(analysis.totals.flops == 2 * analysis.totals.macs)
    }

    /// torchinfo.md's LeNet-5, derived here from the layer sizes, not read from the fixture.
    @Test func lenet5InClosedForm() throws {
        let fields = try Self.fields(try Repository.text("Examples/zoo/lenet5.arch"), name: "lenet5")
        let conv1 = 6 * 25 * 28 * 28 + 6 * 28 * 28, conv2 = 16 * 6 * 25 * 10 * 10 + 16 * 10 * 10
        let linears = (400 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10)
        #expect(fields["total_mult_adds"] == conv1 + conv2 + linears)
        #expect(fields["total_output_bytes"] == 2 * 4 * (6 * 28 * 28 + 16 * 10 * 10 + 120 + 84 + 10))
        #expect(fields["total_input"] == 28 * 28 * 4 + 64)
        #expect(fields["total_param_bytes"] == 4 * fields["total_params"]!)
    }
}
