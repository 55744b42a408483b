import Foundation
import Testing
import TissueIR
@testable import TissueReference

/// Elementwise, layout and linear kernels on random data against closed forms evaluated in
/// Double with Foundation's math (an implementation independent of the kernels' float32 libm).
@Suite("Elementwise, layout and linear kernels")
struct ElementwiseAndLayoutTests {
    static func closedForm(_ kind: Activation, _ x: Double) -> Double {
        func relu6(_ v: Double) -> Double { min(max(v, 0), 6) }
        switch kind {
        case .relu: return max(x, 0)
        case .relu6: return relu6(x)
        case .leakyrelu: return x > 0 ? x : 0.01 * x
        case .sigmoid: return 1 / (1 + exp(-x))
        case .tanh: return tanh(x)
        case .hsigmoid: return relu6(x + 3) / 6
        case .hswish: return x * relu6(x + 3) / 6
        case .silu: return x / (1 + exp(-x))
        case .gelu: return 0.5 * x * (1 + erf(x / 2.0.squareRoot()))
        }
    }

    @Test(arguments: Activation.allCases)
    func activationMatchesItsClosedForm(_ kind: Activation) {
        // Large tensors run split across workers; values up to ±12 reach every branch.
        for count in [1, 7, 8, 9, 100_003] {
            let x = Check.random(count, seed: UInt64(count)).map { $0 * 12 }
            var tensor = Tensor(shape: .vector(count), storage: x)
            ElementwiseKernels.activation(kind, &tensor, context: KernelContext(workers: Workers(count: 2)))
            Check.close(tensor.storage, x.map { Self.closedForm(kind, Double($0)) }, tolerance: 3e-6, "\(kind), \(count)")
        }
    }

    @Test func batchNormIsTheInferenceFormula() {
        let (c, h, w) = (7, 13, 11)
        let x = Check.random(c * h * w, seed: 1)
        let p = BatchNormWeights(gamma: Check.random(c, seed: 2), beta: Check.random(c, seed: 3),
                                 mean: Check.random(c, seed: 4), variance: Check.random(c, seed: 5).map { abs($0) + 0.1 })
        var tensor = Tensor(shape: .image(channels: c, height: h, width: w), storage: x)
        ElementwiseKernels.batchNorm(&tensor, p, context: KernelContext(workers: Workers(count: 2)))
        let expected = x.indices.map { i -> Double in
            let k = i / (h * w)
            return (Double(x[i]) - Double(p.mean[k])) / (Double(p.variance[k]) + 1e-5).squareRoot() * Double(p.gamma[k]) + Double(p.beta[k])
        }
        Check.close(tensor.storage, expected)
    }

    @Test func softmaxNormalisesEveryPositionOverChannels() {
        let (c, h, w) = (5, 3, 4)
        let x = Check.random(c * h * w, seed: 9).map { $0 * 20 }
        var tensor = Tensor(shape: .image(channels: c, height: h, width: w), storage: x)
        ElementwiseKernels.softmax(&tensor)
        var expected = [Double](repeating: 0, count: x.count)
        for s in 0..<h * w {
            let sum = (0..<c).reduce(0.0) { $0 + exp(Double(x[$1 * h * w + s])) }
            for k in 0..<c { expected[k * h * w + s] = exp(Double(x[k * h * w + s])) / sum }
        }
        Check.close(tensor.storage, expected, tolerance: 1e-6)
    }

    @Test func addIsElementwiseAndConcatJoinsChannels() {
        let a = Check.random(3 * 50 * 50, seed: 1), b = Check.random(3 * 50 * 50, seed: 2)
        var sum = Tensor(shape: .image(channels: 3, height: 50, width: 50), storage: a)
        ElementwiseKernels.add(&sum, Tensor(shape: sum.shape, storage: b), context: KernelContext(workers: Workers(count: 2)))
        #expect(sum.storage == zip(a, b).map { $0 + $1 })
        let x = Tensor(shape: .image(channels: 2, height: 2, width: 3), storage: (0..<12).map(Float.init))
        let y = Tensor(shape: .image(channels: 1, height: 2, width: 3), storage: (12..<18).map(Float.init))
        let joined = LayoutKernels.concat([x, y]).tensor
        #expect(joined.shape.dimensions == [3, 2, 3])
        #expect(joined.storage == (0..<18).map(Float.init))
        #expect(LayoutKernels.flatten(joined).tensor.shape.dimensions == [18])
    }

    /// Sequences `N×D` joined along their tokens are one storage after the other; along their
    /// width, each token's features from every input in turn.
    @Test func concatOfTokensAlongEitherAxis() {
        let x = Tensor(shape: .tokens([2, 3]), storage: [0, 1, 2, 3, 4, 5])
        let y = Tensor(shape: .tokens([1, 3]), storage: [6, 7, 8])
        let tokens = LayoutKernels.concat([x, y], along: .tokens).tensor
        #expect(tokens.shape == .tokens([3, 3]))
        #expect(tokens.storage == [0, 1, 2, 3, 4, 5, 6, 7, 8])
        let z = Tensor(shape: .tokens([2, 1]), storage: [9, 10])
        let features = LayoutKernels.concat([x, z], along: .channels).tensor
        #expect(features.shape == .tokens([2, 4]))
        #expect(features.storage == [0, 1, 2, 9, 3, 4, 5, 10])
    }

    @Test(arguments: [(6, 2), (6, 3), (12, 4), (5, 1), (8, 8)])
    func shuffleTransposesGroupsAndChannels(channels: Int, groups: Int) {
        let plane = 3
        let x = Tensor(shape: .image(channels: channels, height: 1, width: plane), storage: (0..<channels * plane).map(Float.init))
        let y = LayoutKernels.shuffle(x, groups: groups).tensor
        // view(g, C/g) → transpose → flatten: output index j·g + i holds input channel i·(C/g) + j.
        let perGroup = channels / groups
        var expected: [Float] = []
        for j in 0..<perGroup {
            for i in 0..<groups { expected += (0..<plane).map { Float((i * perGroup + j) * plane + $0) } }
        }
        #expect(y.storage == expected)
    }

    @Test(arguments: [(1, 1), (31, 3), (32, 5), (33, 7), (100, 64), (2048, 70)])
    func linearMatchesTheDirectSum(inputs: Int, outputs: Int) {
        let x = Check.random(inputs, seed: 1), w = Check.random(inputs * outputs, seed: 2), b = Check.random(outputs, seed: 3)
        let expected = DirectKernels.linear(x, weight: w, bias: b, outputs: outputs)
        for context in Check.contexts {
            let out = LinearKernel.run(Linear(outFeatures: outputs), input: Tensor(shape: .vector(inputs), storage: x),
                                       weight: w, bias: b, context: context)
            #expect(out.macs == inputs * outputs)
            Check.close(out.tensor.storage, expected)
        }
    }

    @Test func depthwiseOnAnImageLargerThanOneWorkersShare() {
        let conv = Convolution.Resolved(inChannels: 32, outChannels: 64, kernel: Pair(3, 3), stride: Pair(2, 2), padding: .one, groups: 32)
        let input = Check.random(32 * 40 * 40, seed: 4), weight = Check.random(64 * 9, seed: 5)
        let expected = DirectKernels.conv2d(input, channels: 32, height: 40, width: 40, conv, weight: weight, bias: nil)
        let out = ConvolutionKernel.run(conv, input: Tensor(shape: .image(channels: 32, height: 40, width: 40), storage: input),
                                        weight: weight, bias: nil, context: KernelContext(workers: Workers(count: 2)))
        #expect(out.macs == 64 * 20 * 20 * 9)
        Check.close(out.tensor.storage, expected.values)
    }
}
