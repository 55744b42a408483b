import Testing
import TissueIR
import TissueTransforms

/// The design space's fast path (baseline − removed + added, in a few additions) against the
/// transform itself (rewrite the network, analyse it again) on random networks and random designs:
/// both residual scopes, bodies whose first convolution changes the width, plain pairs,
/// per-stage sweeps, all four conventions. They share the replacement subgraph, so they must agree
/// to the unit.
@Suite("Design space against the transform")
struct DesignSpacePropertyTests {
    /// A random ResNet/VGG-like network: a stem (never stacked), stages of residual blocks or plain
    /// conv pairs, then gap, flatten, linear.
    static func network(_ rng: inout SplitMix64) throws -> Network {
        func conv(_ out: Int, _ stride: Int = 1) -> Operation {
            .convolution(Convolution(outChannels: out, kernel: Pair(3, 3), stride: Pair(square: stride), padding: .one,
                                     bias: rng.chance(30)))
        }
        var b = GraphBuilder()
        var x = b.input(.image(channels: 3, height: 16, width: 16))
        var width = rng.pick([4, 8])
        x = try b.add(conv(width), x, path: ["stem"])
        x = try b.add(.activation(.relu), x, path: ["stem-relu"])
        var index = 0
        for stage in 0..<rng.next(2...3) {
            let out = stage == 0 ? width : width * rng.pick([1, 2])
            for block in 0..<rng.next(1...2) {
                index += 1
                let name = "b\(index)"
                let stride = block == 0 && stage > 0 && rng.chance(50) ? 2 : 1
                if rng.chance(70) {
                    // A residual block; the first convolution may change the width (a → w → b).
                    let inner = rng.chance(40) ? out * rng.pick([2, 3]) / 2 * 2 : out
                    var y = try b.add(conv(inner, stride), x, path: [name, "conv1"])
                    y = try b.add(.batchNorm, y, path: [name, "bn1"])
                    y = try b.add(.activation(.relu), y, path: [name, "relu"])
                    y = try b.add(conv(out), y, path: [name, "conv2"])
                    y = try b.add(.batchNorm, y, path: [name, "bn2"])
                    var shortcut = x
                    if stride != 1 || out != width {
                        shortcut = try b.add(.convolution(Convolution(outChannels: out, kernel: .one, stride: Pair(square: stride),
                                                                      bias: false)),
                                             x, path: [name, "shortcut", "conv"])
                        shortcut = try b.add(.batchNorm, shortcut, path: [name, "shortcut", "bn"])
                    }
                    y = try b.add(.add, y, shortcut, path: [name, "add"])
                    x = try b.add(.activation(.relu), y, path: [name + "-relu"])
                } else {
                    // A plain pair conv–bn–relu–conv–bn–relu (stride 1), then a normal conv.
                    var y = try b.add(conv(out), x, path: [name, "conv1"])
                    y = try b.add(.batchNorm, y, path: [name, "bn1"])
                    y = try b.add(.activation(.relu), y, path: [name, "relu1"])
                    y = try b.add(conv(out), y, path: [name, "conv2"])
                    y = try b.add(.batchNorm, y, path: [name, "bn2"])
                    x = try b.add(.activation(.relu), y, path: [name, "relu2"])
                    if rng.chance(50) { x = try b.add(conv(out), x, path: [name, "normal"]) }
                }
                width = out
            }
        }
        x = try b.add(.globalAveragePool, x, path: ["gap"])
        x = try b.add(.flatten, x, path: ["flatten"])
        b.output(try b.add(.linear(Linear(outFeatures: 10)), x, path: ["linear"]))
        return Network(name: "random", graph: try b.build())
    }

    static func transformed(_ network: Network, _ choices: [(candidate: StackTransform.Candidate, piece: Int, hidden: Int)],
                            _ scope: StackTransform.ResidualScope, _ convention: Convention) throws -> Cost {
        try Analysis(try StackTransform.apply(to: network, residualScope: scope, choices: choices), convention: convention).totals
    }

    @Test func twoHundredRandomDesignsAgree() throws {
        var rng = SplitMix64(seed: 20_261_203)
        var checked = 0, widening = 0, perStage = 0
        var scopes = Set<StackTransform.ResidualScope>(), conventions = Set<Convention>()
        var attempts = 0
        while checked < 200 && attempts < 5000 {
            attempts += 1
            let network = try Self.network(&rng)
            let scope = rng.pick(StackTransform.ResidualScope.allCases)
            let convention = rng.pick(Convention.allCases)
            var space = try DesignSpace(network, convention: convention, residualScope: scope)
            guard !space.candidates.isEmpty else { continue }
            // Random designs: each candidate replaced or not, with its own C1 and C2.
            for _ in 0..<3 {
                var choices: [(candidate: Int, piece: Int, hidden: Int)] = []
                for index in space.candidates.indices where rng.chance(60) {
                    choices.append((index, rng.pick([1, 2, 4]), rng.next(1...8)))
                }
                guard !choices.isEmpty, let fast = try space.evaluate(choices) else { continue }
                let full = try Self.transformed(network, choices.map { (space.candidates[$0.candidate], $0.piece, $0.hidden) },
                                                scope, convention)
                #expect(fast == full, "seed state \(rng.state): \(choices)")
                checked += 1
                scopes.insert(scope)
                conventions.insert(convention)
                if choices.contains(where: { space.candidates[$0.candidate].firstWidth != space.candidates[$0.candidate].outputWidth }) {
                    widening += 1
                }
            }
            // A per-stage sweep: every design it lists, rewritten and analysed.
            let sweep = try Sweep(perStage: &space, hiddens: [rng.next(1...6)], pieces: [rng.pick([1, 2])], modes: [.all])
            for point in sweep.points.prefix(4) {
                var choices: [(candidate: StackTransform.Candidate, piece: Int, hidden: Int)] = []
                for (stage, setting) in zip(space.stages, point.stages) {
                    guard let setting else { continue }
                    choices += stage.map { (space.candidates[$0], setting.piece, setting.hidden) }
                }
                #expect(point.cost == (try Self.transformed(network, choices, scope, convention)))
                checked += 1
                perStage += 1
            }
        }
        #expect(checked >= 200)
        #expect(scopes.count == 2 && conventions.count == Convention.allCases.count)
        #expect(widening > 0, "some designs stack a block whose first convolution changes the width")
        #expect(perStage > 0)
    }
}
