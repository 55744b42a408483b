import Testing
import TissueDiagnostics
import TissueIR

/// The `standard` convention's rule table (docs/conventions.md), each expectation derived here
/// from the closed form for the layer's shapes.
@Suite("Standard convention")
struct StandardConventionTests {
    struct Case: CustomStringConvertible, Sendable {
        var source: String
        var params: Int
        var macs: Int
        var flops: Int
        var description: String { source.split(separator: "\n").last.map(String.init) ?? source }
    }

    static let cases: [Case] = {
        // conv 3→8, 3x3, pad 1 on 16x16: out 8x16x16 = 2048 elements.
        let convOut = 8 * 16 * 16
        let convMACs = convOut * 3 * 9
        // grouped: 8→16, g=4, 3x3 on 10x10 no pad → 16x8x8.
        let groupedOut = 16 * 8 * 8
        let groupedMACs = groupedOut * (8 / 4) * 9
        // depthwise with multiplier 2 on 8x12x12, 3x3 s2 p1 → 16x6x6.
        let dwOut = 16 * 6 * 6
        let e = 4 * 6 * 6  // 4x6x6 elements for the elementwise rules
        return [
            Case(source: "input 3x16x16\nconv 8 k=3 p=1", params: 8 * 3 * 9 + 8, macs: convMACs, flops: 2 * convMACs + convOut),
            Case(source: "input 3x16x16\nconv 8 k=3 p=1 bias=false", params: 8 * 3 * 9, macs: convMACs, flops: 2 * convMACs),
            Case(source: "input 8x10x10\nconv 16 k=3 g=4 bias=false", params: 16 * 2 * 9, macs: groupedMACs, flops: 2 * groupedMACs),
            Case(source: "input 8x12x12\ndwconv k=3 s=2 p=1 m=2", params: 16 * 9 + 16, macs: dwOut * 9, flops: 2 * dwOut * 9 + dwOut),
            Case(source: "input 100\nlinear 10", params: 1010, macs: 1000, flops: 2010),
            Case(source: "input 100\nlinear 10 bias=false", params: 1000, macs: 1000, flops: 2000),
            Case(source: "input 4x6x6\nbn", params: 8, macs: 0, flops: 2 * e),
            Case(source: "input 4x6x6\nrelu", params: 0, macs: 0, flops: e),
            Case(source: "input 4x6x6\nrelu6", params: 0, macs: 0, flops: 2 * e),
            Case(source: "input 4x6x6\nleakyrelu", params: 0, macs: 0, flops: 2 * e),
            Case(source: "input 4x6x6\nsigmoid", params: 0, macs: 0, flops: 3 * e),
            Case(source: "input 4x6x6\ntanh", params: 0, macs: 0, flops: e),
            Case(source: "input 4x6x6\nhsigmoid", params: 0, macs: 0, flops: 4 * e),
            Case(source: "input 4x6x6\nhswish", params: 0, macs: 0, flops: 5 * e),
            Case(source: "input 4x6x6\nsilu", params: 0, macs: 0, flops: 4 * e),
            Case(source: "input 4x6x6\ngelu", params: 0, macs: 0, flops: 5 * e),
            // softmax over 4 channels at 36 positions: 3·4 − 1 each.
            Case(source: "input 4x6x6\nsoftmax", params: 0, macs: 0, flops: 36 * 11),
            Case(source: "input 10\nsoftmax", params: 0, macs: 0, flops: 29),
            Case(source: "input 4x6x6\ndropout", params: 0, macs: 0, flops: 0),
            Case(source: "input 4x6x6\nflatten", params: 0, macs: 0, flops: 0),
            Case(source: "input 4x6x6\nshuffle g=2", params: 0, macs: 0, flops: 0),
            // gap: 35 adds and a division per channel.
            Case(source: "input 4x6x6\ngap", params: 0, macs: 0, flops: 4 * 36),
            // 3x3 windows: 8 comparisons (max) or 8 adds + 1 division (average) per output 4x3x3.
            Case(source: "input 4x6x6\nmaxpool k=3 s=2 p=1", params: 0, macs: 0, flops: 36 * 8),
            Case(source: "input 4x6x6\navgpool k=3 s=2 p=1", params: 0, macs: 0, flops: 36 * 9),
            Case(source: "input 4x6x6\nresidual { }", params: 0, macs: 0, flops: e),
            Case(source: "input 4x6x6\nconcat { } { }", params: 0, macs: 0, flops: 0),
        ]
    }()

    @Test("per-operation rule", arguments: cases)
    func rule(_ c: Case) throws {
        let analysis = try Repository.analyze(c.source)
        #expect(analysis.totals.params == c.params)
        #expect(analysis.totals.macs == c.macs)
        #expect(analysis.totals.flops == c.flops)
    }

    /// Activations are the output elements of every node, a stack adding its concatenated output.
    @Test func activationsSumEveryNodesOutput() throws {
        let analysis = try Repository.analyze("unit u(c) in c { conv c k=1 }\ninput 4x5x5\nrelu; stack 2 x u(2); flatten")
        // relu 100, unit convs 2·50, stack output 100, flatten 100.
        #expect(analysis.totals.activations == 100 + 100 + 100 + 100)
    }

    @Test func toolConventionsReportTwiceTheMACsAsFLOPs() throws {
        for convention in [Convention.thop, .fvcore, .ptflops] {
            let analysis = try Repository.analyze(try Repository.text("Examples/zoo/resnet18-cifar10.arch"), convention: convention)
            #expect(analysis.totals.flops == 2 * analysis.totals.macs)
        }
    }

    @Test func overflowIsAnErrorNamingTheLayer() {
        let source = "input 1x3000000000x3000000000\nconv 4000000000 k=1"
        #expect(throws: Diagnostic.self) { try analyzeArch(source) }
        do {
            _ = try analyzeArch(source)
        } catch {
            #expect(error.message.contains("'conv'"))
            #expect(error.location?.line == 2)
        }
    }
}
