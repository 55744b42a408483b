import Testing
import TissueArch
import TissueIR
import TissueTransforms

/// The sweep's fast evaluation against the slow, obviously right path: rewrite the network with
/// the stacking transform, print it, parse the text, analyse it.
@Suite("Design space")
struct DesignSpaceTests {
    static let bases = ["Examples/zoo/resnet18-cifar10.arch", "Examples/zoo/vgg16-cifar10.arch", "Examples/zoo/resnet34.arch",
                        // bottlenecks, inverted residuals, hidden layers (whose reader changes width)
                        "Examples/zoo/resnet50-cifar10.arch", "Examples/paper/mobilenetv2-cifar10.arch",
                        "Examples/paper/mlp-mnist.arch"]

    @Test("fast totals equal the written design's totals", arguments: bases, Convention.allCases)
    func fastEqualsFull(_ path: String, _ convention: Convention) throws {
        for scope in StackTransform.ResidualScope.allCases {
            try check(path, convention, scope)
        }
    }

    func check(_ path: String, _ convention: Convention, _ scope: StackTransform.ResidualScope) throws {
        let network = try ArchReader.read(try Repository.text(path))
        var space = try DesignSpace(network, convention: convention, residualScope: scope)
        #expect(!space.candidates.isEmpty)
        // A deterministic spread of designs: each candidate replaced or not, with varying C1, C2.
        var state: UInt64 = 7
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for _ in 0..<6 {
            var choices: [(candidate: Int, piece: Int, hidden: Int)] = []
            for index in space.candidates.indices where next(2) == 0 {
                choices.append((index, [1, 2, 4][next(3)], 1 + next(8)))
            }
            guard !choices.isEmpty, let fast = try space.evaluate(choices) else { continue }
            let stacked = try StackTransform.apply(to: network, residualScope: scope,
                                                   choices: choices.map { (space.candidates[$0.candidate], $0.piece, $0.hidden) })
            let source = try ArchPrinter().print(stacked)
            let full = try Repository.analyze(source, name: "<design>", convention: convention)
            #expect(fast == full.totals, "\(choices.map { "\($0.candidate):\($0.piece)/\($0.hidden)" })")
        }
    }

    @Test func perStageSweepCountsEveryCombination() throws {
        let network = try ArchReader.read(try Repository.text("Examples/zoo/resnet18-cifar10.arch"))
        var space = try DesignSpace(network, convention: .standard)
        let sweep = try Sweep(perStage: &space, hiddens: [2, 4], pieces: [1, 2], modes: [.all])
        // 4 stages, each kept or one of 2·2 settings: 5⁴ designs.
        #expect(sweep.points.count + sweep.invalid == 625)
        #expect(sweep.points.contains { $0.cost == space.baseline }, "keeping every stage is the baseline")
    }

    @Test func paretoFrontKeepsOnlyUndominatedPoints() {
        let points = [(5, 5), (1, 9), (3, 3), (2, 8), (4, 4), (3, 7), (9, 1), (3, 3)]
        let front = ParetoFront.indices(points.count, first: { points[$0].0 }, second: { points[$0].1 })
        // Brute force: i is on the front when no j is ≤ in both and < in one (the first duplicate stays).
        let expected = points.indices.filter { i in
            !points.indices.contains { j in
                j != i && points[j].0 <= points[i].0 && points[j].1 <= points[i].1
                    && (points[j] != points[i] || j < i)
            }
        }
        #expect(front.sorted() == expected.sorted())
    }
}
