import Testing
import TissueArch
import TissueDiagnostics
import TissueIR
import TissueTransforms

/// The block kinds beyond conv3×3 pairs and basic blocks, per-stage widths and users' units,
/// against closed forms written here from the layers each rule replaces and adds.
@Suite("Stacking: block kinds, per-stage widths, users' units")
struct StackKindsTests {
    static func read(_ path: String) throws -> Network { try ArchReader.read(try Repository.text(path)) }

    /// Parameters of a 3×3 basic unit bu(c1, c2, c3): two convolutions without bias, each with bn.
    static func bu(_ c1: Int, _ c2: Int, _ c3: Int) -> Int { 9 * c1 * c2 + 2 * c2 + 9 * c2 * c3 + 2 * c3 }

    /// ResNet-50: each bottleneck's conv3×3 (w → w, no bias) + bn becomes w/2 units bu(2, C2, 2),
    /// as the authors' BunitBottleneck `Unit(width//2, 4, 2, stride)`; 3, 4, 6, 3 blocks of inner
    /// width 64, 128, 256, 512.
    @Test(arguments: [2, 4])
    func bottlenecksStackTheirMiddleConvolution(_ c2: Int) throws {
        let base = try Self.read("Examples/zoo/resnet50.arch")
        let (stacked, replaced) = try StackTransform(hidden: c2).apply(to: base)
        #expect(replaced.count == 16 && replaced.allSatisfy { $0.kind == .bottleneck })
        let blocks = [(64, 3), (128, 4), (256, 6), (512, 3)]
        let change = blocks.map { w, n in n * ((w / 2) * Self.bu(2, c2, 2) - (9 * w * w + 2 * w)) }.reduce(0, +)
        #expect(try Analysis(stacked).totals.params == (try Analysis(base).totals.params) + change)
    }

    /// MobileNetV2 (torchvision, ImageNet): every identity-shortcut inverted residual a → a with
    /// expansion 6 becomes a/2 units iru(2, C2, 2): pointwise 2·C2 + bn 2·C2, depthwise 9·C2 + bn
    /// 2·C2, pointwise C2·2 + bn 2·2. Identity blocks: 24×1, 32×2, 64×3, 96×2, 160×2.
    @Test func invertedResidualsBecomePointwiseDepthwiseUnits() throws {
        let c2 = 12
        let base = try Self.read("Examples/zoo/mobilenet_v2.arch")
        let (stacked, replaced) = try StackTransform(hidden: c2).apply(to: base)
        #expect(replaced.count == 10 && replaced.allSatisfy { $0.kind == .invertedResidual })
        func block(_ a: Int) -> Int { let h = 6 * a; return a * h + 2 * h + 9 * h + 2 * h + h * a + 2 * a }
        let unit = 2 * c2 + 2 * c2 + 9 * c2 + 2 * c2 + c2 * 2 + 2 * 2
        let change = [(24, 1), (32, 2), (64, 3), (96, 2), (160, 2)].map { a, n in n * ((a / 2) * unit - block(a)) }.reduce(0, +)
        #expect(try Analysis(stacked).totals.params == (try Analysis(base).totals.params) + change)
    }

    /// MobileNet v1 (Tests/Fixtures/stacking/mobilenet-v1-cifar.arch): each run pointwise a → b,
    /// depthwise (stride), pointwise b → c becomes a/2 units
    /// pdu(2, C2, 2c/a): pointwise 2·C2 + bn 2·C2, depthwise 9·C2 + bn 2·C2, pointwise C2·c3 + bn
    /// 2·c3; the depthwise conv between two runs stays normal, so runs start at every other
    /// block's pointwise conv: (32, 64, 128), (128, 128, 256), (256, 256, 512), (512, 512, 512)
    /// twice, (512, 512, 1024); the last block's pointwise conv has no run to join.
    @Test func separableRunsOfMobileNetV1BecomePointwiseDepthwiseUnits() throws {
        let c2 = 8
        let base = try Self.read("Tests/Fixtures/stacking/mobilenet-v1-cifar.arch")
        let (stacked, replaced) = try StackTransform(hidden: c2).apply(to: base)
        #expect(replaced.count == 6 && replaced.allSatisfy { $0.kind == .separable })
        func run(_ a: Int, _ b: Int, _ c: Int) -> Int { a * b + 2 * b + 9 * b + 2 * b + b * c + 2 * c }
        func unit(_ c3: Int) -> Int { 2 * c2 + 2 * c2 + 9 * c2 + 2 * c2 + c2 * c3 + 2 * c3 }
        let runs = [(32, 64, 128), (128, 128, 256), (256, 256, 512), (512, 512, 512), (512, 512, 512), (512, 512, 1024)]
        let change = runs.map { a, b, c in (a / 2) * unit(2 * c / a) - run(a, b, c) }.reduce(0, +)
        #expect(try Analysis(stacked).totals.params == (try Analysis(base).totals.params) + change)
    }

    /// One hidden width per stage: ResNet-18 (CIFAR) with C2 = 4, 6, 6, 8 for its stages of width
    /// 64, 128, 256, 512; each body a → b (stride s) becomes a/2 units bu(2, C2, 2b/a).
    @Test func hiddenPerStageGivesEachStageItsWidth() throws {
        let base = try Self.read("Examples/zoo/resnet18-cifar10.arch")
        let transform = StackTransform(hidden: 1, hiddenPerStage: [4, 6, 6, 8])
        let (stacked, _) = try transform.apply(to: base)
        let blocks = [(64, 64, 4), (64, 64, 4), (64, 128, 6), (128, 128, 6), (128, 256, 6), (256, 256, 6),
                      (256, 512, 8), (512, 512, 8)]
        let change = blocks.map { a, b, c2 in (a / 2) * Self.bu(2, c2, 2 * b / a) - (9 * a * b + 2 * b + 9 * b * b + 2 * b) }
            .reduce(0, +)
        #expect(try Analysis(stacked).totals.params == (try Analysis(base).totals.params) + change)
        #expect(stacked.name == "resnet18-cifar10-tissue-h4-6-6-8")
        // With 'first', only each body's first conv3×3 + bn (a → b) goes: a/2 units bu(2, C2, 2b/a).
        let (first, _) = try StackTransform(hidden: 1, residualScope: .first, hiddenPerStage: [4, 6, 6, 8]).apply(to: base)
        let firstChange = blocks.map { a, b, c2 in (a / 2) * Self.bu(2, c2, 2 * b / a) - (9 * a * b + 2 * b) }.reduce(0, +)
        #expect(try Analysis(first).totals.params == (try Analysis(base).totals.params) + firstChange)
    }

    @Test func hiddenPerStageNeedsOneWidthPerStage() throws {
        let base = try Self.read("Examples/zoo/resnet18-cifar10.arch")
        #expect(throws: Diagnostic.self) { try StackTransform(hidden: 1, hiddenPerStage: [4, 6]).apply(to: base) }
        do { _ = try StackTransform(hidden: 1, hiddenPerStage: [4, 6]).apply(to: base) } catch {
            #expect(error.message.contains("gives 2 widths, but the network has 4 stages of stackable blocks (64ch×2, 128ch×2, 256ch×2, 512ch×2)"),
                    "\(error.message)")
        }
    }

    /// A user's unit (Examples/stacked/separable-unit.arch, `su`: pointwise c1 → c2 + bn,
    /// depthwise 3×3 + bn, pointwise c2 → c3 + bn) in place of ResNet-18's basic blocks.
    @Test func aUsersUnitReplacesEveryBlockItFits() throws {
        let c2 = 8
        let unit = try ArchReader.unitTemplate(named: "su", in: try Repository.text("Examples/stacked/separable-unit.arch"))
        let base = try Self.read("Examples/zoo/resnet18-cifar10.arch")
        let (stacked, replaced) = try StackTransform(hidden: c2, unit: unit).apply(to: base)
        #expect(replaced.count == 8)
        func su(_ c3: Int) -> Int { 2 * c2 + 2 * c2 + 9 * c2 + 2 * c2 + c2 * c3 + 2 * c3 }
        let blocks = [(64, 64), (64, 64), (64, 128), (128, 128), (128, 256), (256, 256), (256, 512), (512, 512)]
        let change = blocks.map { a, b in (a / 2) * su(2 * b / a) - (9 * a * b + 2 * b + 9 * b * b + 2 * b) }.reduce(0, +)
        #expect(try Analysis(stacked).totals.params == (try Analysis(base).totals.params) + change)
        // On an MLP it fits nowhere (it is made of convolutions), which the error says.
        let mlp = try Self.read("Examples/paper/mlp-mnist.arch")
        do {
            _ = try StackTransform(hidden: c2, unit: unit).apply(to: mlp)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("unit 'su' fits none of the blocks the rule found (linear1)"), "\(error.message)")
        }
    }

    @Test("a unit file that does not give a usable unit is a located error", arguments: [
        ("unit mu(c1, c2, c3) in c1 { linear c2; relu; linear c3 }", "mx", "no unit 'mx' is defined in this file; did you mean 'mu'?"),
        ("block b(c) { conv c k=1 }", "b", "'b' is a block; 'stack' needs a unit"),
        ("unit two(c1, c2) in c1 { conv c2 k=1 }", "two", "unit 'two' has 2 parameters"),
    ])
    func unitErrors(_ source: String, _ name: String, _ fragment: String) {
        do {
            _ = try ArchReader.unitTemplate(named: name, in: source)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    /// `tissue sweep` lists totals that `tissue stack` reproduces: every design of a uniform sweep
    /// (both rules, two widths, two pieces, both modes) and the first 40 of a per-stage one (every
    /// stage kept or stacked: the count grows as 3^stages), each rebuilt with the transform and
    /// analysed from its printed text; a design stacking every stage also through
    /// `--hidden-per-stage`.
    @Test("sweep totals are stack's", arguments: ["Examples/zoo/resnet18-cifar10.arch", "Examples/paper/mobilenetv2-cifar10.arch",
                                                   "Examples/paper/mlp-mnist.arch", "Examples/zoo/resnet50-cifar10.arch"])
    func sweepAgreesWithStack(_ path: String) throws {
        let network = try Self.read(path)
        for scope in StackTransform.ResidualScope.allCases {
            var space = try DesignSpace(network, convention: .standard, residualScope: scope)
            let uniform = try Sweep(&space, hiddens: [2, 6], pieces: [1, 2], modes: [.all, .inner])
            for point in uniform.points {
                let setting = try #require(point.stages.compactMap { $0 }.first)
                let transform = StackTransform(hidden: setting.hidden, piece: setting.piece, replace: try #require(point.mode),
                                               residualScope: scope)
                let (stacked, _) = try transform.apply(to: network)
                let reread = try Repository.analyze(try ArchPrinter().print(stacked), name: uniform.label(point))
                #expect(reread.totals == point.cost, "\(path) \(scope) \(uniform.label(point))")
            }
            // Per stage with one piece: each design is `--hidden-per-stage`, or keeps some stages.
            let perStage = try Sweep(perStage: &space, hiddens: [2, 6], pieces: [2], modes: [.all])
            let stages = StackTransform.stages(of: space.candidates)
            for point in perStage.points.prefix(40) where point.stages.contains(where: { $0 != nil }) {
                let choices = zip(stages, point.stages).flatMap { stage, setting in
                    setting.map { s in stage.map { (space.candidates[$0], s.piece, s.hidden) } } ?? []
                }
                let stacked = try StackTransform.apply(to: network, residualScope: scope, choices: choices)
                let reread = try Repository.analyze(try ArchPrinter().print(stacked), name: perStage.label(point))
                #expect(reread.totals == point.cost, "\(path) \(scope) \(perStage.label(point))")
                if point.stages.allSatisfy({ $0 != nil }) {
                    let hiddens = point.stages.compactMap { $0?.hidden }
                    let (viaOption, _) = try StackTransform(hidden: 1, residualScope: scope, hiddenPerStage: hiddens).apply(to: network)
                    #expect(try Analysis(viaOption).totals == point.cost)
                }
            }
        }
    }
}
