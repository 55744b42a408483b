import Testing
import TissueArch
import TissueDiagnostics
import TissueIR
import TissueNumerics
import TissueTransforms

/// `--method` specs: what they mean, what they refuse (each refusal a sentence quoting the user's
/// token), the budget search, and that every compressed network prints as `.arch` text that
/// reads back to the same totals.
@Suite("Compression specs, search and round trip")
struct CompressionSpecTests {
    static func problem(_ spec: String) -> CompressionProblem? {
        do { _ = try CompressionSpec.parse(spec) } catch {
            if case .compression(let problem) = error.kind { return problem }
        }
        return nil
    }

    @Test("bad specs are refused with the token quoted", arguments: [
        ("chanels=0.5", "unknown method 'chanels'; did you mean 'channels'?"),
        ("channels=1.5", "'1.5' is not a valid value for 'channels'"),
        ("channels=1", "'1' is not a valid value for 'channels'"),
        ("channels=-0.2", "'-0.2' is not a valid value for 'channels'"),
        ("channels=0.5,rund=8", "'channels' has no setting 'rund'; did you mean 'round'?"),
        ("channels=0.5,round=8,round=4", "'round' is given twice"),
        ("channels", "'channels' needs a value, as in 'channels=0.5'"),
        ("rank=0", "'0' is not a valid value for 'rank'"),
        ("rank=0.0", "'0.0' is not a valid value for 'rank'"),
        ("separable=3", "'separable' takes no value"),
        ("sparsity=0.9,format=csv", "'csv' is not a valid value for 'format'"),
        ("sparsity=0.9,format=bitmask,index-bits=8", "format 'bitmask' stores no indices"),
        ("sparsity=0.6,format=nm:2:4", "'nm:2:4' keeps 2 of every 4 weights, a sparsity of 0.5, not '0.6'"),
        ("quantize=33", "'33' is not a valid value for 'quantize': expected a number of bits from 1 to 32"),
        ("quantize=8,scale=row", "'row' is not a valid value for 'scale'"),
        ("stack=4@layer1", "no '@GLOB'"),
        ("stack=4,residual=frist", "did you mean 'first'?"),
        ("channels=?+rank=?", "has more than one '?'"),
        ("channels=0.5,round=?", "'?' can stand only for the value"),
        ("channels=0.5,oops", "'oops' in 'channels' is neither 'KEY=VALUE' nor 'VALUE@GLOB'"),
    ])
    func refused(_ spec: String, _ sentence: String) throws {
        do {
            _ = try CompressionSpec.parse(spec)
            Issue.record("'\(spec)' was accepted")
        } catch {
            #expect(error.message.contains(sentence), "\(spec): \(error.message)")
        }
    }

    /// The pieces of a spec: per-layer values, settings, composition with '+'.
    @Test func aSpecReadsItsPieces() throws {
        let methods = try CompressionSpec.parse("channels=0.25,0.5@layer3/*,round=8+quantize=8,4@fc scale=group:64").methods()
        #expect(methods.map(\.family) == [.channels, .quantize])
        guard case .channels(let pruning) = methods[0], case .quantize(let quantization) = methods[1] else {
            Issue.record("wrong methods")
            return
        }
        #expect(pruning.round == 8)
        #expect(pruning.ratios.value(for: ["layer3", "conv1"])?.text == "0.5")
        #expect(pruning.ratios.value(for: ["layer2", "conv1"])?.text == "0.25")
        #expect(quantization.bits.value(for: ["fc"])?.bits == 4)
        #expect(quantization.scale == .group(64))
        #expect(try CompressionSpec.parse("channels=?").searched == .channels)
        #expect(try CompressionSpec.parse("channels=?").resolved("0.37") == "channels=0.37")
    }

    @Test("globs select paths and their blocks", arguments: [
        ("layer3/*", "layer3/residual/conv1", true), ("layer3", "layer3/residual/conv1", true),
        ("layer3", "layer30/conv", false), ("*/shortcut/conv", "down2/residual/shortcut/conv", true),
        ("conv*", "conv12", true), ("*conv", "down/conv2", false), ("a*b*c", "aXbYc/d", true),
    ])
    func globs(_ pattern: String, _ path: String, _ selected: Bool) {
        #expect(PathGlob(pattern).selects(NodePath(path.split(separator: "/").map(String.init))) == selected)
    }

    // MARK: search

    static func search(_ spec: String, _ budgets: [CompressionBudget], file: String) throws
        -> (CompressionSearch.Result, Network) {
        let network = try ArchReader.read(try Repository.text(file))
        let search = CompressionSearch(spec: try CompressionSpec.parse(spec), budgets: budgets, convention: .standard,
                                       precision: .float32)
        return (try search.run(on: network), network)
    }

    /// The search returns the largest kept setting that meets the budget: that setting meets it,
    /// and the next step up (one grid step toward keeping more) breaks it.
    @Test("a budget search returns the largest kept setting that fits", arguments: [
        ("channels=?", CompressionMetric.flops, 150_000_000, "Examples/zoo/resnet18-cifar10.arch"),
        ("merge=?", .params, 3_000_000, "Examples/zoo/vgg16-cifar10.arch"),
        ("sparsity=?", .nonzero, 1_000_000, "Examples/zoo/resnet18-cifar10.arch"),
        ("rank=?", .params, 4_000_000, "Examples/zoo/resnet18-cifar10.arch"),
        ("quantize=?", .weightBytes, 3_000_000, "Examples/zoo/resnet18-cifar10.arch"),
        ("stack=?,piece=2", .flops, 400_000_000, "Examples/zoo/resnet18-cifar10.arch"),
        ("channels=?@down3*", .macs, 500_000_000, "Examples/zoo/resnet18-cifar10.arch"),
    ])
    func searchFindsTheLargestKeptSetting(_ spec: String, _ metric: CompressionMetric, _ limit: Int, _ file: String) throws {
        let budget = CompressionBudget(metric: metric, limit: limit, written: String(limit))
        let (result, network) = try Self.search(spec, [budget], file: file)
        #expect(metric.value(result.totals) <= limit)
        let parsed = try CompressionSpec.parse(spec)
        let grid = try #require(parsed.searched?.searchGrid)
        let index = try #require(grid.firstIndex(of: result.value))
        #expect(index > 0, "the first value of the grid already fits: the test says nothing")
        // The next step up, evaluated independently of the search.
        let up = grid[index - 1]
        do {
            let compressed = try CompressionMethod.apply(try parsed.methods(searchValue: up), to: network)
            let totals = try CompressionTotals(compressed, convention: .standard, precision: .float32)
            #expect(metric.value(totals) > limit, "\(spec) at \(up) also fits")
        } catch {
            // A setting that cannot be applied (a rank that makes a layer larger) does not fit either.
            #expect(spec.hasPrefix("rank"), "\(error)")
        }
        #expect(result.previous?.value == up)
    }

    /// An error that no value can avoid is the error itself, not a budget that cannot be met.
    @Test func aGlobThatSelectsNothingIsReportedAsSuch() throws {
        let budget = CompressionBudget(metric: .flops, limit: 1_000_000, written: "1M")
        #expect(throws: Diagnostic(.compression(.unmatchedGlob("layer3", method: "channels", suggestion: nil)), at: nil)) {
            _ = try Self.search("channels=?@layer3", [budget], file: "Examples/zoo/lenet5.arch")
        }
    }

    @Test func anUnmeetableBudgetIsAnError() throws {
        let budget = CompressionBudget(metric: .flops, limit: 1000, written: "1k")
        do {
            _ = try Self.search("channels=?", [budget], file: "Examples/zoo/lenet5.arch")
            Issue.record("a budget of 1k FLOPs was met")
        } catch let error as Diagnostic {
            #expect(error.message.hasPrefix("no value of 'channels=?' meets flops<=1k: the least flops reached is"))
            #expect(error.message.hasSuffix("; relax the budget or combine methods with '+'"))
        }
    }

    // MARK: round trip

    /// What `-o` writes: the compressed network printed as `.arch` reads back to the same params,
    /// MACs and FLOPs (annotations are comments; their layers are dense in the text).
    @Test("compressed networks print and read back to the same totals", arguments: [
        ("Examples/zoo/resnet50.arch", "channels=0.5"),
        ("Examples/zoo/mobilenet_v2.arch", "channels=0.25"),
        ("Examples/zoo/resnext50_32x4d.arch", "merge=0.3"),
        ("Examples/zoo/shufflenet_v2_x1_0.arch", "channels=0.5"),
        ("Examples/zoo/squeezenet1_1.arch", "channels=0.5,round=8"),
        ("Examples/stacked/resnet18-stacked-cifar10.arch", "channels=0.25"),
        ("Examples/stacked/lenet-hybrid.arch", "channels=0.5"),
        ("Examples/zoo/resnet18-cifar10.arch", "stack=4+channels=0.5"),
        ("Examples/zoo/resnet18-cifar10.arch", "stack=4,residual=first+merge=0.5"),
        ("Examples/zoo/resnet18-cifar10.arch", "rank=0.25"),
        ("Examples/zoo/resnet18-cifar10.arch", "rank=8,conv=spatial"),
        ("Examples/zoo/mobilenet_v2.arch", "separable"),
        ("Examples/zoo/vgg16-cifar10.arch", "separable,groups=1"),
        ("Examples/zoo/resnet18-cifar10.arch", "sparsity=0.9+quantize=4"),
        ("Examples/zoo/resnet18-cifar10.arch", "stack=4,replace=inner"),
        ("Examples/zoo/resnet18-cifar10.arch", "channels=0.5+stack=4+rank=0.25+quantize=8"),
        ("Examples/zoo/lenet5.arch", "merge=0.5+separable+rank=0.2+sparsity=0.5,format=nm:2:4"),
    ])
    func roundTrip(_ file: String, _ spec: String) throws {
        let network = try ArchReader.read(try Repository.text(file))
        let compressed = try CompressionMethod.apply(try CompressionSpec.parse(spec).methods(), to: network)
        let printed = try ArchPrinter(header: ["written by a test"]).print(compressed.network)
        let reread = try Repository.analyze(printed, name: "<\(spec)>")
        let analysis = try Analysis(compressed.network)
        #expect(reread.totals == analysis.totals, "\(file) \(spec)")
        if !spec.contains("groups=1") && !spec.hasPrefix("sparsity") {
            #expect(analysis.totals.params < (try Analysis(network)).totals.params)
        }
    }
}
