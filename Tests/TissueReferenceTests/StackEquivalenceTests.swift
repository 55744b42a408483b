import Testing
import TissueArch
import TissueBudgets
import TissueIR
@testable import TissueReference

/// The paper's argument checked numerically: a stacked layer (split → units → concat) computes the
/// same function as one dense layer sequence whose weights are block-diagonal. The expectations
/// are computed here, with the direct kernels and block-diagonal weights assembled by the test.
@Suite("Stacked layer equals its dense counterpart")
struct StackEquivalenceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var source: String
        var testDescription: String { name }
    }

    static let sequential = [
        Case(name: "homogeneous conv units", source: """
            unit u(a, b) in a { conv b k=3 p=1; bn; relu; conv a k=3 p=1 }
            input 16x9x9
            stack 8 x u(2, 4)
            """),
        Case(name: "hybrid conv units", source: """
            unit u(a, b) in a { conv b k=3 s=2 p=1; relu; conv a k=3 p=1 bias=false }
            unit w(a, b) in a { conv b k=3 s=2 p=1; relu; conv a k=3 p=1 bias=false }
            input 13x7x7
            stack 2 x u(2, 4), 3 x w(3, 5)
            """),
        Case(name: "homogeneous MLP units", source: """
            unit m(a, b) in a { linear b; relu; linear a }
            input 24
            stack 4 x m(6, 10)
            """),
        Case(name: "hybrid MLP units", source: """
            unit m(a, b) in a { linear b; relu; linear a }
            unit n(a, b) in a { linear b; relu; linear a }
            input 37
            stack 3 x m(6, 10), 2 x n(5, 7), 1 x m(9, 3)
            """),
    ]

    /// The stack's input and unit weights as the executor draws them for `seed`.
    static func parts(_ network: Network, seed: UInt64) throws -> (Stack, [NetworkWeights], Tensor) {
        let node = network.graph.nodes[1]
        guard case .stack(let stack) = node.kind, case .stack(let weights) = NetworkWeights(network.graph, seed: seed).layers[1] else {
            throw Networks.Failure(description: "node 1 is not a stack")
        }
        var random = Xoshiro256(seed: seed, stream: "input")
        return (stack, weights, Tensor(uniform: network.graph.inputShape, in: -1...1, using: &random))
    }

    @Test(arguments: sequential)
    func directStackAndDirectBlockDiagonalLayerAgreeWithTheExecutor(_ t: Case) throws {
        let network = try Networks.parse(t.source)
        let (stack, weights, input) = try Self.parts(network, seed: 3)
        let execution = try Executor().run(network.graph, seed: 3)
        let output = try #require(execution.output)

        // Split → each unit by the direct kernels → concat.
        var direct: [Double] = []
        var offset = 0
        for (unit, unitWeights) in zip(stack.units, weights) {
            let piece = input.channels(offset, count: unit.width)
            offset += unit.width
            direct += DirectNetwork.run(unit.graph, unitWeights.layers, piece.storage)
        }
        Check.close(output.storage, direct, tolerance: 1e-5, "stack vs direct units")

        // One dense layer sequence with block-diagonal weights assembled here.
        let dense = try #require(DirectNetwork.blockDiagonal(stack, weights))
        let denseOutput = DirectNetwork.run(dense.graph, dense.layers, input.storage)
        Check.close(output.storage, denseOutput, tolerance: 1e-5, "stack vs block-diagonal dense layers")

        // And the executor's own comparison says the same.
        let check = try #require(execution.records[0].stackCheck)
        guard case .compared(let difference) = check.outcome else {
            Issue.record("no comparison: \(check.outcome)")
            return
        }
        #expect(difference.maxRelative <= 1e-4 && check.agrees && check.denseCountsAgree)
    }

    @Test(arguments: [
        Case(name: "grouped and strided conv units with a residual", source: """
            unit r(a) in a { residual { conv a k=3 p=1 g=2; bn; relu } shortcut { conv a k=1 }; maxpool k=2 }
            input 12x8x8
            stack 3 x r(4)
            """),
        Case(name: "depthwise units with a multiplier", source: """
            unit d(a) in a { dwconv k=3 p=1 m=2; relu6; conv a k=1; bn }
            input 9x6x6
            stack 3 x d(3)
            """),
        Case(name: "dilated units with average pooling and flatten", source: """
            unit p(a, b) in a { conv b k=3 p=2 d=2; silu; avgpool k=3 s=2 p=1 ceil=true; flatten; linear 6 }
            input 10x7x7
            stack 2 x p(5, 4)
            """),
        Case(name: "vector units without biases", source: """
            unit m(a) in a { linear 2*a bias=false; gelu; dropout; linear a bias=false }
            input 12
            stack 4 x m(3)
            """),
    ])
    func executorComparisonHolds(_ t: Case) throws {
        let verification = try Networks.verify(try Networks.parse(t.source))
        let check = try #require(verification.stackRows.first?.stackCheck)
        guard case .compared(let difference) = check.outcome else {
            Issue.record("no comparison: \(check.outcome)")
            return
        }
        #expect(difference.maxRelative <= 1e-4 && check.agrees, "\(difference)")
        let passed = verification.passed
        #expect(passed, "\(VerificationReport(verification).text())")
    }

    @Test(arguments: [
        ("unit a(w) in w { conv w k=3 p=1 }\nunit b(w) in w { conv w k=3 p=1; relu }\ninput 8x5x5\nstack 2 x a(2), 2 x b(2)\n", "layers"),
        ("unit a(w) in w { conv w k=3 p=1 }\nunit b(w) in w { conv w k=1 }\ninput 8x5x5\nstack 2 x a(2), 2 x b(2)\n", "differs"),
        ("unit s(w) in w { conv w k=1; softmax }\ninput 8x5x5\nstack 4 x s(2)\n", "softmax"),
        ("unit s(w) in w { conv w k=1; shuffle g=2 }\ninput 8x5x5\nstack 2 x s(4)\n", "shuffle"),
        ("unit s(w) in w { concat { conv w k=1 } { conv w k=3 p=1 } }\ninput 8x5x5\nstack 2 x s(4)\n", "concat"),
    ])
    func unitsWithoutACommonStructureHaveNoCounterpart(source: String, reason: String) throws {
        let verification = try Networks.verify(try Networks.parse(source))
        let check = try #require(verification.stackRows.first?.stackCheck)
        guard case .noDenseCounterpart(let why) = check.outcome else {
            Issue.record("expected no dense counterpart, got \(check.outcome)")
            return
        }
        #expect(why.contains(reason), "\(why)")
        // Not a failure: the stack's counts still verify.
        let passed = verification.passed
        #expect(passed)
        #expect(VerificationReport(verification).text().contains("no dense counterpart: "))
    }

    @Test func aCounterpartWithAWeightOutsideTheBlocksIsCaught() throws {
        let network = try Networks.parse(Self.sequential[0].source)
        let (stack, weights, input) = try Self.parts(network, seed: 3)
        var counterpart = try BlockDiagonalCounterpart(stack, input: input.shape, weights: weights)
        guard case .convolution(var w, let b) = counterpart.weights.layers[1] else { throw Networks.Failure(description: "no conv") }
        // Connect unit 2's first output channel to unit 1's input channels (an off-diagonal block).
        for i in 0..<9 { w[(4 * 16 + 0) * 9 + i] = 0.5 }
        counterpart.weights.layers[1] = .convolution(weight: w, bias: b)
        let executor = Executor()
        let stacked = try #require(try executor.run(network.graph, seed: 3).output)
        let dense = try #require(executor.run(counterpart.graph, weights: counterpart.weights, input: input).output)
        let check = StackCheck(outcome: .compared(Difference(stacked, dense)), tolerance: 1e-4)
        #expect(!check.agrees)
    }
}
