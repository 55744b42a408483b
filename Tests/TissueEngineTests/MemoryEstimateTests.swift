import Testing
import TissueArch
import TissueIR
import TissueNumerics

/// Memory in bytes: parameters at a precision, the peak of live tensors at inference, batches;
/// every expectation worked out here from the shapes.
@Suite("Memory estimate")
struct MemoryEstimateTests {
    static func estimate(_ source: String, precision: Precision = .float32, batch: Int = 1) throws -> MemoryEstimate {
        try MemoryEstimate(try ArchReader.read(source), precision: precision, batch: batch)
    }

    struct Case: CustomStringConvertible, Sendable {
        var what: String
        var source: String
        /// Elements alive at the peak, and the layer making its output then.
        var peakElements: Int
        var peakAt: String?
        var description: String { what }
    }

    static let cases: [Case] = {
        let map = 4 * 8 * 8  // a 4x8x8 feature map
        let input = 3 * 8 * 8
        return [
            // input and conv1's output together; relu writes over conv1's; then conv1's and conv2's.
            Case(what: "a chain: the larger of two neighbours", source: "input 3x8x8\nconv 4 k=3 p=1\nrelu\nconv 4 k=3 p=1",
                 peakElements: max(input + map, map + map), peakAt: "conv2"),
            // relu's input is still read by the add: it cannot write over it.
            Case(what: "an activation whose input is read again allocates",
                 source: "input 4x8x8\nresidual { relu }", peakElements: map + map + map, peakAt: "residual/add"),
            // x alive through the body; conv1 + x, then relu over conv1, conv2 beside them, then the add.
            Case(what: "a residual keeps its input alive", source: "input 4x8x8\nresidual { conv 4 k=3 p=1; relu; conv 4 k=3 p=1 }",
                 peakElements: 3 * map, peakAt: "residual/conv2"),
            // flatten is a view of the pool's output: no new tensor.
            Case(what: "flatten and dropout are views",
                 source: "input 4x8x8\nmaxpool k=2\nflatten\ndropout\nlinear 10",
                 peakElements: map + map / 4, peakAt: "maxpool"),
            // the input alone, then 2 units of 2 -> 3 channels on views of it, then the concatenation.
            Case(what: "a stacked layer: units on views, their outputs until the concatenation",
                 source: "unit u(c) in c { conv 3 k=1 }\ninput 4x8x8\nstack 2 x u(2)",
                 peakElements: map + 3 * 64 + 3 * 64 + 6 * 64, peakAt: "stack"),
            Case(what: "the input alone", source: "input 4x8x8\nrelu", peakElements: map, peakAt: nil),
        ]
    }()

    @Test("peak of live tensors", arguments: cases)
    func peak(_ c: Case) throws {
        let memory = try Self.estimate(c.source)
        #expect(memory.peakActivationBytes == 4 * c.peakElements)
        #expect(memory.peakAt?.description == c.peakAt)
    }

    @Test func batchAndPrecisionScaleEveryActivationByte() throws {
        let source = "input 3x8x8\nconv 4 k=3 p=1\nrelu\nconv 4 k=3 p=1"
        let one = try Self.estimate(source)
        let eight = try Self.estimate(source, precision: .float16, batch: 8)
        #expect(eight.peakActivationBytes == one.peakActivationBytes / 2 * 8)
        #expect(eight.inputBytes == 3 * 64 * 2 * 8)
        #expect(eight.parameterBytes == one.parameterBytes / 2, "parameters do not depend on the batch")
        #expect(eight.torchinfo.totalInput == 3 * 64 * 2 * 8 + 64)
        #expect(eight.torchinfo.totalOutputBytes == 2 * (2 * 4 * 64 * 2 * 8))
    }

    @Test("parameter bytes round up per model at sub-byte precisions", arguments: [(4, 2), (2, 4), (1, 8), (8, 1)])
    func subBytePrecision(_ bits: Int, _ perByte: Int) throws {
        // linear 3 -> 1 with bias: 4 parameters.
        let memory = try Self.estimate("input 3\nlinear 1", precision: try #require(Precision(bits: bits)))
        #expect(memory.parameterBytes == (4 + perByte - 1) / perByte)
    }

    @Test func torchinfoCountsOnlyModulesThatRun() throws {
        // `linear 10 fn` is F.linear with a module's parameters: counted in params, not in bytes;
        // the layer scale is a parameter of its block, not a leaf module.
        let functional = try Self.estimate("input 20\nlinear 10 fn")
        #expect(functional.parameterBytes == 4 * 210)
        #expect(functional.torchinfo.totalParamBytes == 0)
        #expect(functional.torchinfo.totalOutputBytes == 0)
        let scaled = try Self.estimate("input 4x2x2\nlayerscale")
        #expect(scaled.parameterBytes == 16 && scaled.torchinfo.totalParamBytes == 0)
        let norm = try Self.estimate("input 4x2x2\nlayernorm fn")
        #expect(norm.torchinfo.totalParamBytes == 4 * 8 && norm.torchinfo.totalOutputBytes == 2 * 4 * 16)
    }

    @Test func batchMultipliesEveryCountButParameters() throws {
        let network = try ArchReader.read(try Repository.text("Examples/zoo/lenet5.arch"))
        for convention in Convention.allCases {
            let one = try Analysis(network, convention: convention), four = try Analysis(network, convention: convention, batch: 4)
            #expect(four.totals == Cost(params: one.totals.params, macs: 4 * one.totals.macs, flops: 4 * one.totals.flops,
                                        activations: 4 * one.totals.activations))
            #expect(four.layers.map(\.cost.macs) == one.layers.map { 4 * $0.cost.macs })
        }
    }

    @Test func anOverflowingBatchIsAnErrorNotATrap() throws {
        let network = try ArchReader.read("input 3x224x224\nconv 64 k=3 p=1")
        #expect(throws: GraphError.self) { try Analysis(network, batch: Int.max / 2) }
        #expect(throws: GraphError.self) { try MemoryEstimate(network, batch: Int.max / 2) }
    }
}
