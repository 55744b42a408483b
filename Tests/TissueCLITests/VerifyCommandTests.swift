import Testing
@testable import TissueCLI

/// `tissue verify` and `tissue bench` in-process. The numbers in the golden files are checked
/// independently by TissueReferenceTests (kernels against PyTorch and direct loops, counts against
/// closed forms); these tests pin the command line and the rendering.
@Suite("tissue verify and bench")
struct VerifyCommandTests {
    @Test("rendered formats match their golden files", arguments: [
        (["verify", "Examples/stacked/lenet-hybrid.arch"], "verify-lenet-hybrid.txt"),
        (["verify", "Examples/stacked/lenet-hybrid.arch", "--format", "json"], "verify-lenet-hybrid.json"),
        (["verify", "Examples/zoo/shufflenet_v2_x1_0.arch", "--input", "32x32", "--seed", "7"], "verify-shufflenet-32.txt"),
    ])
    func golden(_ arguments: [String], _ file: String) {
        let run = Run(arguments)
        #expect(run.status == 0)
        #expect(run.error.isEmpty)
        Golden.check(run.output, against: file)
    }

    @Test func outputIsTheSameForTheSameSeedWhateverTheThreads() {
        let a = Run("verify", "Examples/stacked/mlp-stacked.arch", "--format", "json", "--threads", "1")
        let b = Run("verify", "Examples/stacked/mlp-stacked.arch", "--format", "json", "--threads", "2")
        #expect(a.status == 0 && b.status == 0)
        #expect(a.output == b.output)
        #expect(a.output.contains("\"passed\": true"))
    }

    @Test func inputRunsAnImageNetModelSmaller() {
        let run = Run("verify", "Examples/zoo/resnet18.arch", "--input", "32x32")
        #expect(run.status == 0, "\(run.output)\(run.error)")
        #expect(run.output.hasPrefix("resnet18: input 3x32x32 → output 1000"))
        #expect(run.output.contains("\npass: "))
    }

    @Test func standardInputIsReadForDash() {
        let run = Run("verify", "-", stdin: "input 3x8x8\nconv 4 k=3 p=1\nrelu\ngap; flatten; linear 2\n")
        #expect(run.status == 0)
        #expect(run.output.contains("pass: all 5 layers agree in shape, parameters and MACs\n"))
    }

    @Test("bad input exits 2 with a message", arguments: [
        (["verify", "Examples/zoo/mlp-mnist.arch", "--input", "16x16"], "expected a model whose input is C×H×W"),
        (["verify", "Examples/zoo/lenet5.arch", "--input", "8y8"], "'8y8' is not a valid value for '--input'"),
        (["verify", "Examples/zoo/lenet5.arch", "--input", "0x4"], "'0x4' is not a valid value for '--input'"),
        (["verify", "Examples/zoo/lenet5.arch", "--format", "csv"], "'csv' is not a valid value for '--format'"),
        (["verify", "Examples/zoo/lenet5.arch", "--threads", "0"], "'0' is not a valid value for '--threads'"),
        (["verify", "Examples/zoo/vgg16-cifar10.arch", "--input", "8x8"], "resized by '--input'"),
        (["verify", "no/such.arch"], "cannot read 'no/such.arch'"),
        (["bench", "verfy", "Examples/zoo/lenet5.arch"], "unknown command 'bench verfy'; did you mean 'bench verify'?"),
        (["bench", "verify"], "'tissue bench' needs FILE"),
        (["bench", "verify", "Examples/zoo/lenet5.arch", "--runs", "0"], "'0' is not a valid value for '--runs'"),
    ])
    func badInput(_ arguments: [String], _ fragment: String) {
        let run = Run(arguments)
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.error.contains(fragment), "\(run.error)")
    }

    @Test func benchReportsEveryLayerAndTheTotalRate() {
        let run = Run("bench", "verify", "Examples/zoo/lenet5.arch", "--runs", "2", "--threads", "1")
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.hasPrefix("bench verify lenet5: input 1x28x28; 1 thread, GEMM kernel"))
        #expect(run.output.contains("median of 2 runs after 1 warm-up"))
        for layer in ["conv1", "maxpool2", "linear3", "total"] { #expect(run.output.contains("\n\(layer) ")) }
        #expect(run.output.contains("GFLOP/s") && run.output.contains("forward pass: ") && run.output.contains("memory: weights"))
    }
}
