import TissueIR

/// 2-D convolution as `nn.Conv2d` computes it (cross-correlation, zero padding):
///
///     y[o, oy, ox] = b[o] + Σ_{c<Cin/G} Σ_{ky<kh} Σ_{kx<kw} W[o, c, ky, kx] · x[g·Cin/G + c, iy, ix]
///     iy = oy·sh − ph + ky·dh,  ix = ox·sw − pw + kx·dw,  g = ⌊o / (Cout/G)⌋
///
/// with `x` = 0 outside the input. Each group is one GEMM `Y_g[Cout/G × OH·OW] += W_g · P_g`,
/// where `P_g` is the patch matrix (implicit im2col packed panel by panel, see ``GEMMSource``);
/// a 1×1 stride-1 unpadded convolution multiplies the input directly. Depthwise convolutions
/// (one input channel per group) run on ``DepthwiseKernel`` instead, where a GEMM would have
/// depth kh·kw only. Padding taps are multiplied like any other (by zero), as PyTorch's MAC
/// count assumes.
public enum ConvolutionKernel {
    public static func run(_ conv: Convolution.Resolved, input: Tensor, weight: [Float], bias: [Float]?,
                           context: KernelContext) -> KernelOutput {
        let shape = OutputSize.convolution(conv, input.shape)
        if conv.groups == conv.inChannels {
            return DepthwiseKernel.run(conv, input: input, weight: weight, bias: bias, output: shape, context: context)
        }
        let groups = conv.groups
        let inPerGroup = conv.inChannels / groups, outPerGroup = conv.outChannels / groups
        let outPlane = shape.spatialSize, inPlane = input.plane
        let depth = inPerGroup * conv.kernel.area
        let direct = conv.kernel == .one && conv.stride == .one && conv.padding == .zero
        let kernel = context.microkernel(rows: outPerGroup, columns: outPlane)
        let workers = context.workers(forWork: outPerGroup * outPlane * depth)
        let scratch = context.scratch.floats(GEMM.scratchCount(m: outPerGroup, n: outPlane, k: depth,
                                                               kernel: kernel, workers: workers))
        var macs = 0
        let storage = [Float](count: shape.dimensions.reduce(1, *)) { out in
            for o in 0..<conv.outChannels {
                (out + o * outPlane).initialize(repeating: bias?[o] ?? 0, count: outPlane)
            }
            input.storage.withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { w in
                    guard let x = x.baseAddress, let w = w.baseAddress else { return }
                    for g in 0..<groups {
                        let groupInput = x + g * inPerGroup * inPlane
                        let source: GEMMSource = direct
                            ? .matrix(groupInput, rowStride: inPlane)
                            : .patches(.init(input: groupInput, height: input.shape.height, width: input.shape.width,
                                             kernel: conv.kernel, stride: conv.stride, padding: conv.padding,
                                             dilation: conv.dilation, outputWidth: shape.width))
                        macs += GEMM.multiply(m: outPerGroup, n: outPlane, k: depth, a: w + g * outPerGroup * depth,
                                              lda: depth, b: source, c: out + g * outPerGroup * outPlane, ldc: outPlane,
                                              kernel: kernel, workers: workers, scratch: scratch)
                    }
                }
            }
        }
        return KernelOutput(Tensor(shape: shape, storage: storage), macs: macs)
    }
}
