import Testing
import TissueIR
@testable import TissueReference

@Suite("Executor")
struct ExecutorTests {
    /// One network with every operation of the language.
    static let everyOperation = """
        unit u(a, b) in a { conv b k=3 p=1; bn; relu; conv a k=1 }
        unit v(a) in a { linear a; tanh }
        input 6x11x9
        conv 12 k=3 s=2 p=1 d=1 bias=false; bn; relu6
        dwconv k=3 p=2 d=2 m=2; leakyrelu
        conv 24 k=1 g=3; hswish
        shuffle g=3
        residual { conv 24 k=3 p=1; sigmoid } shortcut { dropout }
        concat { maxpool k=3 s=2 p=1 ceil=true } { avgpool k=3 s=2 p=1 ceil=true }
        hsigmoid; silu
        stack 4 x u(6, 10), 4 x u(6, 8)
        gelu; softmax
        gap; flatten
        linear 16
        stack 2 x v(8)
        dropout
        linear 5 bias=false
        """

    @Test func runsEveryOperationAndAgreesWithTheEngine() throws {
        let network = try Networks.parse(Self.everyOperation)
        var seen = Set<String>()
        func collect(_ graph: Graph) {
            for node in graph.nodes {
                seen.insert(node.kind.name(inChannels: node.inputs.first.map { graph[$0].outputShape.channels } ?? 0))
                if case .stack(let s) = node.kind { s.units.forEach { collect($0.graph) } }
            }
        }
        collect(network.graph)
        let every = Set(["input", "conv", "dwconv", "linear", "bn", "softmax", "dropout", "flatten", "gap", "maxpool", "avgpool",
                         "shuffle", "add", "concat", "stack"] + Activation.allCases.map(\.kind.name))
        #expect(seen == every)
        let verification = try Networks.verify(network)
        let passed = verification.passed
        #expect(passed, "\(VerificationReport(verification).text())")
        #expect(verification.stackRows.count == 2)
        #expect(verification.stackRows.allSatisfy { if case .compared = $0.stackCheck?.outcome { true } else { false } })
    }

    @Test func sameSeedGivesTheSameBitsWhateverTheWorkers() throws {
        let graph = try Networks.parse(Self.everyOperation).graph
        let one = try Executor(workers: .single).run(graph, seed: 5)
        let two = try Executor(workers: Workers(count: 2)).run(graph, seed: 5)
        let again = try Executor(workers: Workers(count: 3), microkernel: Microkernel.all[0]).run(graph, seed: 5)
        let other = try Executor(workers: .single).run(graph, seed: 6)
        #expect(one.output?.storage.map(\.bitPattern) == two.output?.storage.map(\.bitPattern))
        #expect(one.output?.storage.map(\.bitPattern) == again.output?.storage.map(\.bitPattern))
        #expect(one.output != other.output)
    }

    @Test func activationsAreFreedAfterTheirLastReader() throws {
        // input 1x8x8 (256 B) → conv 4x8x8 (1024 B) → bn, relu in place → conv 2x8x8 (512 B).
        // Live at once: input + first conv's output = 1280 B, then 1024 + 512 = 1536 B.
        let network = try Networks.parse("input 1x8x8\nconv 4 k=3 p=1; bn; relu\nconv 2 k=3 p=1\n")
        let execution = try Executor(workers: .single).run(network.graph, seed: 1)
        #expect(execution.memory.peakActivationBytes == 1536)
        // Weights: 4·9 + 4 + γ, β, μ, σ² of 4 channels + 2·4·9 + 2 floats.
        #expect(execution.memory.weightBytes == (40 + 16 + 74) * 4)
        #expect(execution.parameters == 40 + 8 + 74)
    }

    @Test func inPlaceKernelsLeaveInputsOtherNodesStillReadIntact() throws {
        // relu reads x, and so does the identity shortcut: relu must not overwrite x.
        let network = try Networks.parse("input 3x4x4\nresidual { relu }\n")
        var random = Xoshiro256(seed: 1, stream: "input")
        let x = Tensor(uniform: network.graph.inputShape, in: -1...1, using: &random)
        let output = try #require(try Executor().run(network.graph, seed: 1).output)
        #expect(output.storage == x.storage.map { max($0, 0) + $0 })
    }

    @Test func aKernelShapeOtherThanTheGraphsStopsThePass() throws {
        // A graph whose pool node claims 3x3, the size without padding (⌊(8−3)/2⌋+1); with p=1 PyTorch
        // gives ⌊(8+2−3)/2⌋+1 = 4. The kernel's own arithmetic wins, and the relu never runs.
        let graph = try Graph.claiming(input: .image(channels: 2, height: 8, width: 8), [
            (.pool(Pool(kind: .max, kernel: Pair(3, 3), stride: Pair(2, 2), padding: .one)), "maxpool"),
            (.activation(.relu), "relu"),
        ], shape: .image(channels: 2, height: 3, width: 3))
        let execution = try Executor().run(graph, seed: 1)
        #expect(!execution.completed)
        #expect(execution.records.count == 1)
        #expect(execution.records[0].output.dimensions == [2, 4, 4])
        let verification = Verification(analysis: try Analysis(Network(name: "t", graph: graph), convention: .standard),
                                        execution: execution, seed: 1, tolerance: 1e-4)
        #expect(verification.rows.map(\.differences) == [["shape"], ["not run"]])
        let passed = verification.passed
        #expect(!passed)
    }

    @Test func passesThatWouldNotFitAreRefused() throws {
        let graph = try Networks.parse("input 3x64x64\nconv 64 k=3 p=1\n").graph
        #expect(throws: ReferenceError.self) { try Executor(memoryLimit: 100_000).run(graph, seed: 1) }
    }
}
