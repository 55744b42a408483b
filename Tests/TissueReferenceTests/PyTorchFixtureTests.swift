import Testing
import TissueIR
@testable import TissueReference

/// The kernels against what PyTorch itself computed (Tests/Fixtures/reference/pytorch_ops.json):
/// the semantics (ceil-mode windows, average-pool divisors, exact GELU, grouped weight layout,
/// shuffle order) come from the real thing, not from this module's reading of the docs.
@Suite("PyTorch fixture")
struct PyTorchFixtureTests {
    static var fixture: PyTorchOps {
        get throws { try #require(PyTorchOps.shared, "Tests/Fixtures/reference/pytorch_ops.json is missing or malformed") }
    }

    @Test(arguments: Check.contexts)
    func convolution(context: KernelContext) throws {
        for (index, t) in try Self.fixture.conv2d.enumerated() {
            let conv = Convolution.Resolved(inChannels: t.in[0], outChannels: t.out_channels, kernel: Pair(t.kernel[0], t.kernel[1]),
                                   stride: Pair(t.stride[0], t.stride[1]), padding: Pair(t.padding[0], t.padding[1]),
                                   dilation: Pair(t.dilation[0], t.dilation[1]), groups: t.groups, bias: t.bias)
            let input = Tensor(shape: TensorShape(t.in), storage: Check.pattern(t.in.reduce(1, *), salt: 1))
            let weight = Check.pattern(t.out_channels * (t.in[0] / t.groups) * t.kernel[0] * t.kernel[1], salt: 2)
            let bias = t.bias ? Check.pattern(t.out_channels, salt: 3) : nil
            let out = ConvolutionKernel.run(conv, input: input, weight: weight, bias: bias, context: context)
            #expect(out.tensor.shape.dimensions == t.shape, "conv case \(index)")
            Check.close(out.tensor.storage, t.values, "conv case \(index)")
        }
    }

    @Test(arguments: Check.contexts)
    func pooling(context: KernelContext) throws {
        for (index, t) in try Self.fixture.pool2d.enumerated() {
            let pool = Pool(kind: t.kind == "max" ? .max : .average, kernel: Pair(t.kernel[0], t.kernel[1]),
                            stride: Pair(t.stride[0], t.stride[1]), padding: Pair(t.padding[0], t.padding[1]), ceil: t.ceil)
            let input = Tensor(shape: TensorShape(t.in), storage: Check.pattern(t.in.reduce(1, *), salt: 4))
            let out = pool.kind == .max ? PoolingKernels.max(pool, input, context: context)
                                        : PoolingKernels.average(pool, input, context: context)
            #expect(out.tensor.shape.dimensions == t.shape, "pool case \(index)")
            Check.close(out.tensor.storage, t.values, "pool case \(index)")
        }
    }

    @Test(arguments: Activation.allCases)
    func activation(_ kind: Activation) throws {
        let t = try Self.fixture.activations
        let expected = try #require(t.outputs[kind.kind.name])
        var tensor = Tensor(shape: TensorShape(t.in), storage: Check.pattern(t.in[0], salt: t.salt))
        ElementwiseKernels.activation(kind, &tensor, context: KernelContext(workers: .single))
        Check.close(tensor.storage, expected.values, tolerance: 2e-6, "\(kind)")
    }

    @Test func batchNormalisation() throws {
        let t = try Self.fixture.batch_norm
        let c = t.in[0]
        let weights = BatchNormWeights(gamma: Check.pattern(c, salt: 7), beta: Check.pattern(c, salt: 8),
                                       mean: Check.pattern(c, salt: 9), variance: Check.pattern(c, salt: 10).map { abs($0) + 0.5 })
        var tensor = Tensor(shape: TensorShape(t.in), storage: Check.pattern(t.in.reduce(1, *), salt: 6))
        ElementwiseKernels.batchNorm(&tensor, weights, context: KernelContext(workers: .single))
        Check.close(tensor.storage, t.values)
    }

    @Test func softmaxOverChannels() throws {
        let t = try Self.fixture.softmax
        var tensor = Tensor(shape: TensorShape(t.in), storage: Check.pattern(t.in.reduce(1, *), salt: 11))
        ElementwiseKernels.softmax(&tensor)
        Check.close(tensor.storage, t.values, tolerance: 1e-6)
    }

    @Test func channelShuffle() throws {
        let t = try Self.fixture.channel_shuffle
        let input = Tensor(shape: TensorShape(t.in), storage: Check.pattern(t.in.reduce(1, *), salt: 12))
        // A permutation: the values must be exactly PyTorch's.
        #expect(LayoutKernels.shuffle(input, groups: t.groups).tensor.storage.map(Double.init) == t.values)
    }

    @Test func globalAveragePool() throws {
        let t = try Self.fixture.adaptive_avg_pool2d
        let input = Tensor(shape: TensorShape(t.in), storage: Check.pattern(t.in.reduce(1, *), salt: 13))
        let out = PoolingKernels.globalAverage(input)
        #expect(out.tensor.shape.dimensions == t.shape)
        Check.close(out.tensor.storage, t.values)
    }

    @Test(arguments: Check.contexts)
    func linear(context: KernelContext) throws {
        let t = try Self.fixture.linear
        let out = LinearKernel.run(Linear(outFeatures: t.out),
                                   input: Tensor(shape: .vector(t.in), storage: Check.pattern(t.in, salt: 14)),
                                   weight: Check.pattern(t.out * t.in, salt: 15), bias: Check.pattern(t.out, salt: 16),
                                   context: context)
        #expect(out.macs == t.in * t.out)
        Check.close(out.tensor.storage, t.values)
    }
}

extension KernelContext: CustomTestStringConvertible {
    public var testDescription: String { "\(workers.count) worker\(workers.count == 1 ? "" : "s")" }
}
