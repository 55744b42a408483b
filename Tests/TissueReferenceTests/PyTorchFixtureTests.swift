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

/// The kernels of today's CNNs against PyTorch: layer norm over channels (ConvNeXt), group norm,
/// adaptive average pooling to k×k, `mean`, and the broadcast products and sums of
/// squeeze-excitation and layer scale.
@Suite("PyTorch fixture: modern operations")
struct ModernKernelFixtureTests {
    static var fixture: PyTorchOps { get throws { try PyTorchFixtureTests.fixture } }

    static func input(_ shape: [Int], salt: Int) -> Tensor {
        Tensor(shape: TensorShape(shape), storage: Check.pattern(shape.reduce(1, *), salt: salt))
    }

    @Test(arguments: [false, true])
    func layerNormOverChannels(pytorchDefaultEpsilon: Bool) throws {
        let t = try pytorchDefaultEpsilon ? Self.fixture.layer_norm_eps5 : Self.fixture.layer_norm
        let c = t.in[0]
        let out = NormalizationKernels.layerNorm(Self.input(t.in, salt: 17), gamma: Check.pattern(c, salt: 18),
                                                 beta: Check.pattern(c, salt: 19), epsilon: t.eps)
        #expect(out.shape.dimensions == t.shape)
        Check.close(out.storage, t.values, tolerance: 2e-6)
    }

    @Test func groupNorm() throws {
        for t in try Self.fixture.group_norm {
            let c = t.in[0]
            let out = NormalizationKernels.groupNorm(Self.input(t.in, salt: 20), groups: t.groups,
                                                     gamma: Check.pattern(c, salt: 21), beta: Check.pattern(c, salt: 22))
            #expect(out.shape.dimensions == t.shape, "groups \(t.groups)")
            Check.close(out.storage, t.values, tolerance: 2e-6, "group norm \(t.in) g=\(t.groups)")
        }
    }

    @Test func adaptiveAveragePool() throws {
        for t in try Self.fixture.adaptive_avg_pool2d_k {
            let out = PoolingKernels.adaptiveAverage(Pair(t.out[0], t.out[1]), Self.input(t.in, salt: 23))
            #expect(out.tensor.shape.dimensions == t.shape, "\(t.in) → \(t.out)")
            Check.close(out.tensor.storage, t.values, "adaptive \(t.in) → \(t.out)")
        }
    }

    @Test func spatialMean() throws {
        let t = try Self.fixture.mean
        let out = PoolingKernels.mean(Self.input(t.in, salt: 24), keepDimensions: false)
        #expect(out.tensor.shape.dimensions == t.shape)
        Check.close(out.tensor.storage, t.values)
    }

    @Test(arguments: [BroadcastKernels.Kind.multiply, .add])
    func broadcastGate(_ kind: BroadcastKernels.Kind) throws {
        let t = try kind == .multiply ? Self.fixture.mul_broadcast : Self.fixture.add_broadcast
        let map = Self.input(t.in, salt: 25), gate = Self.input([t.in[0], 1, 1], salt: 26)
        for (a, b) in [(map, gate), (gate, map)] {
            let out = BroadcastKernels.apply(kind, a, b, context: KernelContext(workers: .single))
            #expect(out.tensor.shape.dimensions == t.shape)
            #expect(out.tensor.storage.map(Double.init) == t.values, "one rounding per element, as PyTorch")
        }
        // The general strided path must agree with the per-channel fast path.
        let general = BroadcastKernels.general(kind, map, gate, map.shape)
        #expect(general.storage.map(Double.init) == t.values)
    }

    @Test func layerScale() throws {
        let t = try Self.fixture.layer_scale
        let out = BroadcastKernels.perChannel(.multiply, Self.input(t.in, salt: 25), Check.pattern(t.in[0], salt: 27))
        #expect(out.storage.map(Double.init) == t.values)
    }
}

extension KernelContext: CustomTestStringConvertible {
    public var testDescription: String { "\(workers.count) worker\(workers.count == 1 ? "" : "s")" }
}
