import Testing
@testable import TissueCLI
import TissueTransforms

@Suite("tissue units, stack, sweep")
struct StackingCommandTests {
    @Test("rendered output matches its golden file", arguments: [
        (["units", "--n", "32", "--nodes", "2,4,2", "--k", "3", "--size", "16x16"], "units-homogeneous.txt"),
        (["units", "--unit", "16x2,4,2", "--unit", "8x1,2,1", "--size", "8x8", "--stride", "2", "--format", "json"],
         "units-hybrid.json"),
        (["stack", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "6", "--replace", "inner"], "stack-resnet18-inner.arch"),
        (["sweep", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "2,4,6", "--piece", "1,2", "--budget", "flops<=300M"],
         "sweep-resnet18.txt"),
        (["sweep", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "2,6", "--piece", "2", "--per-stage", "--format", "json"],
         "sweep-resnet18-per-stage.json"),
    ])
    func golden(_ arguments: [String], _ file: String) {
        let run = Run(arguments)
        #expect(run.status == 0, "\(run.error)")
        Golden.check(run.output, against: file)
    }

    /// Without -o the .arch goes to standard output and the comparison to standard error.
    @Test func stackWithoutOutputPrintsTheArchAndComparesOnStandardError() {
        let run = Run("stack", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "6", "--replace", "inner")
        #expect(run.output.hasPrefix("# Stacked (TissueNet) version of resnet18-cifar10"))
        #expect(run.error.contains("baseline resnet18-cifar10"))
        let reanalysed = Run(["analyze", "-", "--summary", "--format", "csv"], stdin: run.output)
        #expect(reanalysed.status == 0)
        // Params and MACs of the PyTorch model built by the same rule (oracle, resnet18-cifar10-tissue-h6-r).
        #expect(reanalysed.output.contains("params,8667978"), "\(reanalysed.output)")
    }

    /// The comparison names the reading of the ResNet rule, in text and JSON, and so does the header.
    @Test(arguments: StackTransform.ResidualScope.allCases)
    func everyOutputNamesTheResidualRule(_ scope: StackTransform.ResidualScope) {
        let base = ["stack", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "4", "--residual", scope.rawValue]
        let text = Run(base)
        #expect(text.status == 0)
        #expect(text.output.contains("# Residual rule: \(scope.rule)\n"))
        #expect(text.error.contains("residual rule: \(scope.rule)\n"))
        let json = Run(base + ["--format", "json"])
        #expect(json.error.contains("\"residualRule\": \"\(scope.rawValue)\""), "\(json.error)")
    }

    @Test("bad input exits 2 with a clear message", arguments: [
        (["units", "--n", "4", "--nodes", "2,4", "--size", "8x8"], "three channel counts"),
        (["units", "--nodes", "2,4,2", "--size", "8x8"], "needs --n and --nodes, or --unit"),
        (["stack", "Examples/zoo/resnet18-cifar10.arch"], "needs --hidden C2"),
        (["stack", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "6", "--piece", "3"], "do not split into pieces of 3"),
        (["stack", "Examples/zoo/alexnet.arch", "--hidden", "6"], "no block or layer pair qualifies"),
        // A path with no candidate: the message names what is there and the kinds the rule stacks.
        (["stack", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "6", "--replace", "conv"],
         "no block that can be stacked is at 'conv': it holds one layer, 'conv 3x3'. The rule stacks basic blocks"),
        (["stack", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "6", "--replace", "basic1/relu"],
         "no block that can be stacked is at 'basic1/relu': it holds one layer, 'relu'."),
        (["stack", "Examples/zoo/resnet18-cifar10.arch", "--hidden-per-stage", "4,6"],
         "--hidden-per-stage gives 2 widths, but the network has 4 stages of stackable blocks (64ch×2, 128ch×2, 256ch×2, 512ch×2)"),
        (["stack", "Examples/zoo/resnet18-cifar10.arch", "--hidden-per-stage", "4,x"], "positive integers such as '4,6,6,8'"),
        (["stack", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "4", "--hidden-per-stage", "4,6,6,8"], "options '--hidden' and '--hidden-per-stage' cannot be used together"),
        (["stack", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "4", "--unit", "Examples/stacked/separable-unit.arch"],
         "expected FILE:NAME"),
        (["stack", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "4", "--unit", "Examples/stacked/separable-unit.arch:sx"],
         "Examples/stacked/separable-unit.arch: error: no unit 'sx' is defined in this file; did you mean 'su'?"),
        (["stack", "Examples/paper/mlp-mnist.arch", "--hidden", "4", "--unit", "Examples/stacked/separable-unit.arch:su"],
         "unit 'su' fits none of the blocks the rule found (linear1)"),
        (["sweep", "Examples/zoo/resnet18-cifar10.arch", "--hidden", "8..1"], "positive integers such as '1..8'"),
        (["sweep", "Examples/zoo/resnet18-cifar10.arch", "--budget", "flop<=3G"], "did you mean 'flops'?"),
        (["sweep", "Examples/zoo/resnet18-cifar10.arch", "--replace", "iner"], "did you mean 'inner'?"),
    ])
    func errors(_ arguments: [String], _ fragment: String) {
        let run = Run(arguments)
        #expect(run.status == 2)
        #expect(run.error.contains(fragment), "\(run.error)")
    }
}
