import Testing
import TissueArch
import TissueIR
import TissueTransforms

/// The IR without any `.arch` text: a network built through ``GraphBuilder`` alone, its regions
/// found from the graph, stacked by `tissue stack`'s transform and analysed; every count from a
/// closed form written here.
@Suite("Graph builder, regions and rewriting")
struct GraphBuilderTests {
    static func conv(_ out: Int, stride: Int = 1) -> Operation {
        .convolution(Convolution(outChannels: out, kernel: Pair(3, 3), stride: Pair(square: stride), padding: .one, bias: false))
    }

    /// input 16×8×8 → [conv3×3 16→16, bn, relu, conv3×3 16→16, bn] + identity → relu → gap → flatten → linear 10.
    static func residualNetwork() throws -> Network {
        var b = GraphBuilder()
        let x = b.input(.image(channels: 16, height: 8, width: 8))
        var y = try b.add(conv(16), x, path: ["block", "conv1"])
        y = try b.add(.batchNorm, y, path: ["block", "bn1"])
        y = try b.add(.activation(.relu), y, path: ["block", "relu"])
        y = try b.add(conv(16), y, path: ["block", "conv2"])
        y = try b.add(.batchNorm, y, path: ["block", "bn2"])
        y = try b.add(.add, y, x, path: ["block", "add"])
        y = try b.add(.activation(.relu), y, path: ["relu"])
        y = try b.add(.globalAveragePool, y, path: ["gap"])
        y = try b.add(.flatten, y, path: ["flatten"])
        b.output(try b.add(.linear(Linear(outFeatures: 10)), y, path: ["linear"]))
        return Network(name: "built", graph: try b.build())
    }

    @Test func aBuiltNetworkIsStackedAndAnalysedWithoutText() throws {
        let network = try Self.residualNetwork()
        // Baseline: two convolutions 16·16·9 = 2304 each, two batch norms 2·16, linear 16·10 + 10.
        let baseline = try Analysis(network)
        #expect(baseline.totals.params == 2 * 2304 + 2 * 32 + 170)
        // MACs: each conv produces 16·8·8 = 1024 outputs of 16·9 = 144 products; linear 160.
        #expect(baseline.totals.macs == 2 * 1024 * 144 + 160)

        guard case .residual(let body, let shortcut, _, let path)? = network.graph.regions?.first else {
            Issue.record("the residual block is found from the graph alone")
            return
        }
        #expect(body.count == 5 && shortcut == nil && path == ["block"])

        let (stacked, replaced) = try StackTransform(hidden: 4).apply(to: network)
        #expect(replaced.map(\.path) == [["block"]])
        let analysis = try Analysis(stacked)
        // 8 units bu(2, 4, 2): conv 2·4·9 = 72, bn 2·4, conv 4·2·9 = 72, bn 2·2: 156 params each.
        #expect(analysis.totals.params == 8 * 156 + 170)
        // Per unit: conv1 4·64 outputs × 2·9, conv2 2·64 outputs × 4·9: 4608 + 4608 MACs.
        #expect(analysis.totals.macs == 8 * (4608 + 4608) + 160)
        #expect(analysis.output == baseline.output)

        // The printed text reads back to the same counts.
        let source = try ArchPrinter().print(stacked)
        #expect(try analyzeArch(source).totals == analysis.totals)
    }

    @Test func theRewriterPropagatesAWidthChangeToEveryReader() throws {
        // conv 8 → bn → relu → conv 4; making the first conv 6 wide changes bn and the second conv.
        var b = GraphBuilder()
        let x = b.input(.image(channels: 3, height: 4, width: 4))
        let first = try b.add(Self.conv(8), x, path: ["conv1"])
        var y = try b.add(.batchNorm, first, path: ["bn"])
        y = try b.add(.activation(.relu), y, path: ["relu"])
        b.output(try b.add(Self.conv(4), y, path: ["conv2"]))
        let graph = try b.build()
        var rewriter = GraphRewriter(graph)
        rewriter.change(first, to: .operation(Self.conv(6)))
        let rewritten = try rewriter.apply().graph
        let analysis = try Analysis(Network(name: "t", graph: rewritten))
        // conv1 6·3·9, bn 2·6, conv2 4·6·9.
        #expect(analysis.totals.params == 162 + 12 + 216)
        #expect(rewritten[NodeID(2)].outputShape == .image(channels: 6, height: 4, width: 4))
    }

    @Test func deletingANodeRewiresItsReaders() throws {
        var b = GraphBuilder()
        let x = b.input(.vector(8))
        let drop = try b.add(.dropout, x, path: ["dropout"])
        b.output(try b.add(.linear(Linear(outFeatures: 2)), drop, path: ["linear"]))
        var rewriter = GraphRewriter(try b.build())
        try rewriter.delete(drop)
        let result = try rewriter.apply()
        #expect(result.graph.nodes.count == 2)
        #expect(result.map[drop] == result.graph.input)
    }

    @Test func theBuilderRefusesWhatPyTorchWould() {
        var b = GraphBuilder()
        let x = b.input(.image(channels: 3, height: 4, width: 4))
        #expect(throws: GraphError.self) { try b.add(.linear(Linear(outFeatures: 2)), x, path: ["linear"]) }
        #expect(throws: GraphError.self) { try b.add(.add, x, path: ["add"]) }
        #expect(throws: GraphError.self) { try b.build() }
    }

    @Test func aReplacementThatIsReadFromOutsideIsRefused() throws {
        // relu's value is read by the add, so conv–bn–relu–conv is not a single-exit region.
        var b = GraphBuilder()
        let x = b.input(.image(channels: 4, height: 4, width: 4))
        let c1 = try b.add(Self.conv(4), x, path: ["c1"])
        let r = try b.add(.activation(.relu), c1, path: ["r"])
        let c2 = try b.add(Self.conv(4), r, path: ["c2"])
        b.output(try b.add(.add, c2, r, path: ["add"]))
        let graph = try b.build()
        var rewriter = GraphRewriter(graph)
        var sub = GraphBuilder()
        sub.output(sub.input(.image(channels: 4, height: 4, width: 4)))
        let identity = try sub.build()
        #expect(throws: GraphError.self) { try rewriter.replace([c1, r, c2], with: identity) }
    }

    @Test func nonSeriesParallelGraphsHaveNoRegions() throws {
        // Two inputs.
        var b = GraphBuilder()
        let x = b.input(.vector(4), name: "a")
        let y = b.input(.vector(4), name: "b", path: ["b"])
        b.output(try b.add(.add, x, y, path: ["add"]))
        #expect(try b.build().regions == nil)
    }

    /// A composite at the start of another's body forks from the same node as its parent: the
    /// inner join closes first and its region continues the outer branch (fuzz finding F7,
    /// docs/reliability.md). Each prints and reads back to the same text.
    @Test(arguments: [
        "input 16\nresidual { residual { linear 16 } }\n",
        "input 16\nresidual { linear 16 } shortcut { residual { linear 16 }; relu }\n",
        "input 16\nconcat { concat { linear 8 } { linear 8 } } { linear 16 }\n",
        "input 16\nconcat { residual { linear 16 } } { residual { linear 16 } }\n",
        "input 16x4x4\nscale { scale { conv 16 k=1 } }\n",
        "input 10x16\nmatmul { matmul { linear 16 } { linear 16; transpose }; softmax fn } { linear 16 }\n",
        "input 10x16\nmatmul { matmul { } { transpose } } { residual { concat { linear 8 } { linear 8 } } }\n",
    ])
    func nestedCompositesAtTheStartOfABodyHaveRegions(_ source: String) throws {
        let network = try ArchReader.read(source)
        let regions = try #require(network.graph.regions, "no regions for \(source.debugDescription)")
        #expect(regions.count == 1)
        #expect(regions.flatMap(\.nodes).count == network.graph.nodes.count - 1)
        let printed = try ArchPrinter().print(network)
        let reread = try ArchReader.read(printed)
        #expect(try ArchPrinter().print(reread) == printed)
        #expect(try Analysis(reread).totals == Analysis(network).totals)
    }
}
