import Testing
import TissueArch
import TissueDiagnostics
import TissueIR
import TissueNumerics
import TissueTransforms

/// Low rank, separable convolutions and neuron merging: each rewrite against the network written
/// by hand or against the closed form, derived here.
@Suite("Compression methods: closed forms")
struct CompressionMethodTests {
    static func compress(_ source: String, _ spec: String) throws -> (CompressedNetwork, Analysis) {
        let network = try ArchReader.read(source)
        let compressed = try CompressionMethod.apply(try CompressionSpec.parse(spec).methods(), to: network)
        return (compressed, try Analysis(compressed.network))
    }

    static func error(_ source: String, _ spec: String) -> CompressionProblem? {
        do {
            _ = try compress(source, spec)
        } catch let diagnostic as Diagnostic {
            if case .compression(let problem) = diagnostic.kind { return problem }
        } catch {}
        return nil
    }

    // MARK: separable

    /// `separable` on CIFAR VGG-16 is the network written by hand with `dwconv` + 1×1 `conv` in
    /// place of every 3×3 convolution, layer by layer.
    @Test func separableVGG16IsTheHandWrittenNetwork() throws {
        let base = try Repository.text("Examples/zoo/vgg16-cifar10.arch")
        let (_, separated) = try Self.compress(base, "separable")
        let handWritten = try Repository.analyze("""
            block stage(c, n) {
              repeat n { dwconv k=3 p=1 bias=false; conv c k=1; bn; relu }
              maxpool k=2
            }
            input 3x32x32
            stage(64, 2)
            stage(128, 2)
            stage(256, 3)
            stage(512, 3)
            stage(512, 3)
            flatten
            linear 10
            """)
        #expect(separated.totals == handWritten.totals)
        #expect(separated.layers.map(\.summary) == handWritten.layers.map(\.summary))
        #expect(separated.layers.map(\.cost) == handWritten.layers.map(\.cost))
    }

    /// C → N, k×k on H×W (stride 1, same padding): C·k² + N·C (+ N bias) weights, H·W·(C·k² + N·C)
    /// MACs; with groups=G the spatial part has C·(C/G)·k².
    @Test("separable and grouped spatial parts", arguments: [(nil, 16), (4, 4), (16, 16), (1, 1)] as [(Int?, Int)])
    func separableClosedForm(_ groups: Int?, _ effective: Int) throws {
        let (c, n, k, h) = (16, 32, 5, 8)
        let spec = groups.map { "separable,groups=\($0)" } ?? "separable"
        let (_, analysis) = try Self.compress("input \(c)x\(h)x\(h)\nconv \(n) k=\(k) p=2", spec)
        let spatial = c * (c / effective) * k * k
        #expect(analysis.totals.params == spatial + n * c + n)
        #expect(analysis.totals.macs == h * h * (spatial + n * c))
    }

    @Test func separableGroupsMustDivide() {
        #expect(Self.error("input 6x8x8\nconv 8 k=3", "separable,groups=4")
            == .groupsDoNotDivide(path: "conv", channels: 6, groups: 4))
        #expect(Self.error("input 6x8x8\nconv 8 k=1", "separable")
            == .nothingToCompress(method: "separable", what: "convolutions wider than 1x1 with one group"))
    }

    // MARK: low rank

    /// Linear m×n at rank k: k(m + n) weights, the bias on the second factor.
    @Test("a linear layer's factors", arguments: [(784, 500, 16), (500, 300, 1), (300, 10, 7)])
    func linearFactors(_ n: Int, _ m: Int, _ k: Int) throws {
        let (_, analysis) = try Self.compress("input \(n)\nlinear \(m)", "rank=\(k)")
        #expect(analysis.totals.params == k * (n + m) + m)
        #expect(analysis.totals.macs == k * (n + m))
        #expect(analysis.layers.map(\.name) == ["linear", "linear"])
    }

    /// Channel SVD of conv C → N, d×d, stride s: k·(C·d² + N) weights; MACs H'W'·k·(C·d² + N).
    /// Spatial: k×1 then 1×k: k·(C·d + N·d) weights; MACs H'·W·k·C·d + H'W'·N·k·d.
    @Test("a convolution's factors", arguments: [(1, "channel"), (2, "channel"), (1, "spatial"), (2, "spatial")])
    func convolutionFactors(_ stride: Int, _ scheme: String) throws {
        let (c, n, d, h, k) = (32, 64, 3, 16, 8)
        let (_, analysis) = try Self.compress("input \(c)x\(h)x\(h)\nconv \(n) k=\(d) s=\(stride) p=1 bias=false",
                                              "rank=\(k),conv=\(scheme)")
        let out = (h + 2 - d) / stride + 1
        if scheme == "channel" {
            #expect(analysis.totals.params == k * (c * d * d + n))
            #expect(analysis.totals.macs == out * out * k * (c * d * d + n))
        } else {
            #expect(analysis.totals.params == k * (c * d + n * d))
            #expect(analysis.totals.macs == out * h * k * c * d + out * out * n * k * d)
        }
        #expect(analysis.output == .image(channels: n, height: out, width: out))
    }

    /// A fraction keeps ⌊F·full rank⌋: 0.25 of min(64, 32·9) = 16.
    @Test func aFractionOfTheFullRank() throws {
        let (compressed, _) = try Self.compress("input 32x8x8\nconv 64 k=3 p=1", "rank=0.25")
        guard case .factored(let layers)? = compressed.findings.last else { Issue.record("no finding"); return }
        #expect(layers.map(\.rank) == [16])
        #expect(layers.map(\.breakEven) == [64 * 288 / (288 + 64)])
    }

    /// The break-even rank ⌊mn/(m+n)⌋ is allowed (the layer is no larger); one more is an error
    /// that names the layer and its break-even rank.
    @Test func aRankThatMakesTheLayerLargerIsAnError() throws {
        let (n, m) = (100, 60)
        let breakEven = n * m / (n + m)
        #expect(Self.error("input \(n)\nlinear \(m)", "rank=\(breakEven)") == nil)
        #expect(Self.error("input \(n)\nlinear \(m)", "rank=\(breakEven + 1)")
            == .rankTooLarge(path: "linear", rank: breakEven + 1, weights: n * m, factorWeights: (breakEven + 1) * (n + m),
                             breakEven: breakEven))
        #expect(Self.error("input \(n)\nlinear \(m)", "rank=0.9") != nil)
    }

    @Test func rankSkipsGroupedConvolutionsAndFollowsGlobs() throws {
        let source = "input 16x8x8\nconv 32 k=3 p=1\ndwconv k=3 p=1\nconv 32 k=1 g=4\ngap; flatten\nlinear 10"
        let (compressed, _) = try Self.compress(source, "rank=4@conv1")
        guard case .factored(let layers)? = compressed.findings.last else { Issue.record("no finding"); return }
        #expect(layers.map(\.path.description) == ["conv1"])
        #expect(Self.error(source, "rank=4@dwconv") == .unmatchedGlob("dwconv", method: "rank", suggestion: nil))
        #expect(Self.error(source, "rank=4@conv") == .unmatchedGlob("conv", method: "rank", suggestion: "conv1"))
    }

    // MARK: merge

    /// Merging keeps ⌈n·(1 − R)⌉ clusters per group, exactly: an MLP 30 → 90 → 5 → 10 at 0.3
    /// keeps 63 and 4 (pruning keeps int(90·0.7) = 62 in floating point).
    @Test func mergingCountsAreAWidthChange() throws {
        let source = "input 30\nlinear 90; relu\nlinear 5; relu\nlinear 10"
        let (_, merged) = try Self.compress(source, "merge=0.3")
        let widths = merged.layers.filter { $0.name == "linear" }.map(\.output.channels)
        #expect(widths == [63, 4, 10])
        let (_, pruned) = try Self.compress(source, "channels=0.3")
        #expect(pruned.layers.filter { $0.name == "linear" }.map(\.output.channels) == [62, 3, 10])
        let written = try Repository.analyze("input 30\nlinear 63; relu\nlinear 4; relu\nlinear 10")
        #expect(merged.totals == written.totals)
    }
}
