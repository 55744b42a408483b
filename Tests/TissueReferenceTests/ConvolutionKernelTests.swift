import Testing
import TissueIR
@testable import TissueReference

/// Convolution (GEMM with implicit im2col, the direct 1×1 path, the depthwise kernel) against the
/// direct definition on many random shapes: odd sizes, groups, strides, dilations, paddings,
/// asymmetric kernels, channel multipliers. Output shapes and executed MACs against the closed
/// forms `⌊(n + 2p − d(k−1) − 1)/s⌋ + 1` and `out_elems · Cin/G · kh · kw`.
@Suite("Convolution kernel")
struct ConvolutionKernelTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var conv: Convolution.Resolved
        var height, width: Int
        var testDescription: String {
            "\(conv.inChannels)→\(conv.outChannels) on \(height)x\(width) k\(conv.kernel) s\(conv.stride) p\(conv.padding) d\(conv.dilation) g\(conv.groups)"
        }
    }

    /// Random valid configurations, seeded so the set is the same on every run.
    static let cases: [Case] = {
        var random = Xoshiro256(seed: 2024)
        func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.next() % UInt64(range.count)) }
        var cases: [Case] = []
        while cases.count < 40 {
            let groups = [1, 1, 1, 2, 3][pick(0...4)]
            let depthwise = pick(0...4) == 0
            let inChannels = depthwise ? pick(1...9) : groups * pick(1...5)
            let g = depthwise ? inChannels : groups
            let outChannels = depthwise ? inChannels * pick(1...2) : g * pick(1...5)
            let kernel = Pair(pick(1...5), pick(1...5)), stride = Pair(pick(1...3), pick(1...3))
            let dilation = Pair(pick(1...2), pick(1...2)), padding = Pair(pick(0...2), pick(0...2))
            let (h, w) = (pick(1...13), pick(1...13))
            guard h + 2 * padding.height >= dilation.height * (kernel.height - 1) + 1,
                  w + 2 * padding.width >= dilation.width * (kernel.width - 1) + 1 else { continue }
            cases.append(Case(conv: Convolution.Resolved(inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride,
                                                padding: padding, dilation: dilation, groups: g, bias: pick(0...1) == 1),
                              height: h, width: w))
        }
        // The direct 1×1 path and a large-enough product to run multi-worker GEMM blocks.
        cases.append(Case(conv: Convolution.Resolved(inChannels: 7, outChannels: 9, kernel: .one), height: 5, width: 11))
        cases.append(Case(conv: Convolution.Resolved(inChannels: 16, outChannels: 40, kernel: Pair(3, 3), padding: .one),
                          height: 23, width: 19))
        return cases
    }()

    @Test(arguments: cases)
    func matchesTheDirectDefinition(_ t: Case) {
        let c = t.conv
        let input = Check.random(c.inChannels * t.height * t.width, seed: 11)
        let weight = Check.random(c.outChannels * (c.inChannels / c.groups) * c.kernel.area, seed: 12)
        let bias = c.bias ? Check.random(c.outChannels, seed: 13) : nil
        let expected = DirectKernels.conv2d(input, channels: c.inChannels, height: t.height, width: t.width, c,
                                            weight: weight, bias: bias)
        for context in Check.contexts {
            let out = ConvolutionKernel.run(c, input: Tensor(shape: .image(channels: c.inChannels, height: t.height, width: t.width),
                                                             storage: input),
                                            weight: weight, bias: bias, context: context)
            #expect(out.tensor.shape.dimensions == expected.shape)
            #expect(out.macs == expected.shape.reduce(1, *) * (c.inChannels / c.groups) * c.kernel.area)
            Check.close(out.tensor.storage, expected.values)
        }
    }

    @Test func everyInnerKernelGivesTheSameBits() {
        let c = Convolution.Resolved(inChannels: 6, outChannels: 10, kernel: Pair(3, 3), stride: Pair(2, 1), padding: .one, groups: 2)
        let input = Tensor(shape: .image(channels: 6, height: 9, width: 10), storage: Check.random(540, seed: 5))
        let weight = Check.random(10 * 3 * 9, seed: 6)
        let outputs = Microkernel.all.map { kernel in
            ConvolutionKernel.run(c, input: input, weight: weight, bias: nil,
                                  context: KernelContext(workers: Workers(count: 2), microkernel: kernel)).tensor
        }
        #expect(outputs.allSatisfy { $0 == outputs[0] })
    }
}

@Suite("Pooling kernels")
struct PoolingKernelTests {
    static let cases: [Pool] = {
        var random = Xoshiro256(seed: 77)
        func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.next() % UInt64(range.count)) }
        return (0..<40).map { _ in
            let kernel = Pair(pick(1...4), pick(1...4))
            return Pool(kind: pick(0...1) == 0 ? .max : .average, kernel: kernel, stride: Pair(pick(1...3), pick(1...3)),
                        padding: Pair(pick(0...kernel.height / 2), pick(0...kernel.width / 2)), ceil: pick(0...1) == 1)
        }
    }()

    @Test(arguments: cases)
    func matchesATensLoops(_ pool: Pool) {
        for (h, w) in [(7, 7), (8, 5), (4, 11), (13, 13)] where h + 2 * pool.padding.height >= pool.kernel.height
            && w + 2 * pool.padding.width >= pool.kernel.width {
            let input = Check.random(3 * h * w, seed: UInt64(h * 100 + w))
            let expected = DirectKernels.pool2d(input, channels: 3, height: h, width: w, pool)
            for context in Check.contexts {
                let tensor = Tensor(shape: .image(channels: 3, height: h, width: w), storage: input)
                let out = pool.kind == .max ? PoolingKernels.max(pool, tensor, context: context)
                                            : PoolingKernels.average(pool, tensor, context: context)
                #expect(out.tensor.shape.dimensions == expected.shape, "\(h)x\(w)")
                #expect(out.macs == 0)
                Check.close(out.tensor.storage, expected.values, "\(h)x\(w)")
            }
        }
    }
}

extension Pool: CustomTestStringConvertible {
    public var testDescription: String {
        "\(kind.kind.name) k\(kernel) s\(stride) p\(padding)\(ceil ? " ceil" : "")"
    }
}
