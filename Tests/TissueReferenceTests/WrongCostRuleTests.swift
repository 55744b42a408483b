import Testing
import TissueIR
@testable import TissueReference

/// Verification must be able to fail: each test replaces one of the engine's cost rules with a
/// plausible wrong one (the kind of slip a formula can contain) and expects `verify` to flag
/// exactly the layers that rule touches, and to fail overall.
@Suite("Wrong cost rules are caught")
struct WrongCostRuleTests {
    /// The analysis with `rule` applied to every layer, inside stacked units too.
    static func altered(_ analysis: Analysis, _ rule: (inout LayerCost) -> Void) -> Analysis {
        func alter(_ layers: [LayerCost]) -> [LayerCost] {
            layers.map { layer in
                var layer = layer
                rule(&layer)
                layer.units = layer.units.map { unit in
                    var unit = unit
                    unit.layers = alter(unit.layers)
                    return unit
                }
                return layer
            }
        }
        var copy = analysis
        copy.layers = alter(analysis.layers)
        return copy
    }

    /// Paths of the rows that disagree, at every depth.
    static func flagged(_ verification: Verification) -> Set<String> {
        func walk(_ rows: [Verification.Row]) -> [String] {
            rows.flatMap { row in (row.differences.isEmpty ? [] : [row.path.description]) + row.units.flatMap { walk($0.rows) } }
        }
        return Set(walk(verification.rows))
    }

    static func paths(_ analysis: Analysis, where predicate: (LayerCost) -> Bool) -> Set<String> {
        func walk(_ layers: [LayerCost]) -> [String] {
            layers.flatMap { ($0.units.isEmpty && predicate($0) ? [$0.path.description] : []) + $0.units.flatMap { walk($0.layers) } }
        }
        return Set(walk(analysis.layers))
    }

    @Test func convolutionMACsThatIgnoreGroups() throws {
        let network = try Networks.example("Examples/zoo/mobilenet_v2.arch")
        let analysis = try Analysis(network, convention: .standard)
        // Wrong: out_elems · Cin · kh · kw, forgetting that each output sees only Cin/G channels.
        let wrong = Self.altered(analysis) { layer in
            guard case .operation(.convolution(let conv)) = layer.kind, let c = try? conv.resolved(inChannels: layer.input?.channels ?? 0) else { return }
            layer.cost.macs = layer.output.dimensions.reduce(1, *) * c.inChannels * c.kernel.area
        }
        let verification = try Networks.verify(network, analysis: wrong)
        let passed = verification.passed
        #expect(!passed)
        let grouped = Self.paths(analysis) {
            if case .operation(.convolution(let c)) = $0.kind { ((try? c.resolved(inChannels: $0.input?.channels ?? 0))?.groups ?? 1) > 1 } else { false }
        }
        #expect(!grouped.isEmpty)
        #expect(Self.flagged(verification) == grouped)
    }

    @Test func batchNormParametersThatCountRunningStatistics() throws {
        let network = try Networks.example("Examples/stacked/resnet18-stacked-cifar10.arch")
        let analysis = try Analysis(network, convention: .standard)
        // Wrong: 4·C, counting the running mean and variance buffers as parameters.
        let wrong = Self.altered(analysis) { layer in
            if case .operation(.batchNorm) = layer.kind { layer.cost.params = 4 * (layer.input?.channels ?? 0) }
        }
        let verification = try Networks.verify(network, analysis: wrong)
        let passed = verification.passed
        #expect(!passed)
        #expect(Self.flagged(verification) == Self.paths(analysis) { if case .operation(.batchNorm) = $0.kind { true } else { false } })
        // The stacked layer's own row still agrees; its units' batch norms do not.
        let stack = try #require(verification.rows.first { !$0.units.isEmpty })
        #expect(stack.differences.isEmpty && !stack.countsAgree)
    }

    @Test func poolingShapesWithoutCeilMode() throws {
        // SqueezeNet's fire blocks at a size where ceil and floor differ (8 → 4 → 2, not 3 → 1).
        let network = try Networks.parse("""
            input 3x8x8
            conv 16 k=1; relu
            maxpool k=3 s=2 ceil=true
            concat { conv 8 k=1; relu } { conv 8 k=3 p=1; relu }
            maxpool k=3 s=2 ceil=true
            gap; flatten; linear 10
            """)
        let analysis = try Analysis(network, convention: .standard)
        // Wrong: floor division even when ceil_mode=True.
        let wrong = Self.altered(analysis) { layer in
            guard case .operation(.pool(let p)) = layer.kind, p.ceil, let input = layer.input else { return }
            let floor = { (n: Int, k: Int, s: Int, pad: Int) in (n + 2 * pad - k) / s + 1 }
            layer.output = .image(channels: input.channels, height: floor(input.height, p.kernel.height, p.stride.height, p.padding.height),
                                  width: floor(input.width, p.kernel.width, p.stride.width, p.padding.width))
        }
        let verification = try Networks.verify(network, analysis: wrong)
        let passed = verification.passed
        #expect(!passed)
        let flagged = Self.flagged(verification)
        #expect(!flagged.isEmpty)
        #expect(flagged.isSubset(of: Self.paths(analysis) { if case .operation(.pool(let p)) = $0.kind { p.ceil } else { false } }))
    }

    @Test func linearMACsThatCountTheBias() throws {
        let network = try Networks.example("Examples/stacked/mlp-stacked.arch")
        let analysis = try Analysis(network, convention: .standard)
        // Wrong: (in + 1) · out, as if the bias add were a multiply-accumulate.
        let wrong = Self.altered(analysis) { layer in
            if case .operation(.linear(let l)) = layer.kind, l.bias { layer.cost.macs = ((layer.input?.channels ?? 0) + 1) * l.outFeatures }
        }
        let verification = try Networks.verify(network, analysis: wrong)
        let passed = verification.passed
        #expect(!passed)
        #expect(Self.flagged(verification) == Self.paths(analysis) { if case .operation(.linear) = $0.kind { true } else { false } })
        #expect(VerificationReport(verification).verdict().hasPrefix("FAIL"))
    }

    @Test func theUnalteredAnalysisPasses() throws {
        let network = try Networks.example("Examples/zoo/squeezenet1_1.arch")
        let verification = try Networks.verify(network)
        let passed = verification.passed
        #expect(passed)
        #expect(Self.flagged(verification).isEmpty)
        #expect(VerificationReport(verification).verdict().hasPrefix("pass"))
    }
}
